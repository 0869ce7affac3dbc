import { setTimeout as sleep } from 'node:timers/promises';
import sharp from 'sharp';
import { openShop, postJson, type Shop } from './helpers/shop';

/**
 * Paid job → upscale → validate → private storage → e-mail → expiring download, with
 * the local sharp upscaler and with Upsampler (its fake), and the failures that must end
 * in exactly one refund (DESIGN.md "Fulfilment pipeline", "Downloads", "E-mails").
 */
describe(`fulfilment (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  let shop: Shop;
  beforeAll(async () => {
    shop = await openShop('fulfilment', { SMI_UPSCALER: 'sharp' });
  });
  afterAll(async () => shop?.close());

  const job = (jobId: string) => shop.db('smi_jobs').where({ job_id: jobId }).first();
  async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 30_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline) throw new Error(`timed out; last value: ${JSON.stringify(value)}`);
      await sleep(100);
    }
  }

  /** Checkout + payment through the Stripe fake; returns the job id and session id. */
  async function buy(fileId: number, resolution: string, email: string) {
    const res = await shop.api('/checkout', postJson({ fileId, resolution, email }));
    expect(res.status).toBe(201);
    const { jobId } = await res.json();
    const session = [...shop.stripe.sessions.values()].find((s) => s.client_reference_id === jobId)!;
    await shop.stripe.completeSession(session.id);
    return { jobId, sessionId: session.id as string };
  }

  const linkIn = (text: string) => /(http:\/\/127\.0\.0\.1:\d+\/api\/sell-my-images\/downloads\/[A-Za-z0-9_-]{43})/.exec(text)?.[1];

  it('delivers a paid job end to end: e-mailed link, exact dimensions, ranges, HEAD not counted, expiry', async () => {
    const { jobId, sessionId } = await buy(shop.images.small.id, '4x', 'sharp@example.test');
    const done = await until(() => job(jobId), (row) => row.status === 'completed' || row.status === 'failed');
    expect(done).toMatchObject({ status: 'completed', payment_status: 'paid', upscaler: 'sharp' });
    expect(done.download_token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(done.stored_file_key).toMatch(new RegExp(`^\\d{4}/\\d{2}/${jobId}_4x\\.png$`));

    const mail = await shop.smtp.waitForMessage((m) => m.to.includes('sharp@example.test'), 15_000);
    expect(mail.subject).toContain('ready');
    expect(mail.text).toContain('2000 × 2000 px');
    expect(mail.text).toContain('non-AI');
    const link = linkIn(mail.text ?? '')!;
    expect(link).toBeDefined();
    expect(mail.html).toContain(link);
    const token = link.split('/').pop()!;
    // the raw token is nowhere in the database
    expect(JSON.stringify(await shop.db('smi_jobs').select())).not.toContain(token);

    // the visitor's status poll (with the session id from the return URL) shows the same link
    const status = await (await shop.api(`/jobs/${jobId}?session=${sessionId}`)).json();
    expect(status).toMatchObject({ status: 'completed', downloadUrl: link });
    expect((await (await shop.api(`/jobs/${jobId}`)).json()).downloadUrl).toBeUndefined();

    const head = await fetch(link, { method: 'HEAD' });
    expect(head.status).toBe(200);
    const size = Number(head.headers.get('content-length'));
    expect(head.headers.get('accept-ranges')).toBe('bytes');
    expect(head.headers.get('content-disposition')).toMatch(/attachment; filename="small-4x\.png"/);

    const full = await fetch(link);
    expect(full.status).toBe(200);
    const bytes = Buffer.from(await full.arrayBuffer());
    expect(bytes.length).toBe(size);
    const meta = await sharp(bytes).metadata();
    expect([meta.width, meta.height, meta.format]).toEqual([2000, 2000, 'png']);

    const partial = await fetch(link, { headers: { range: 'bytes=10-99' } });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toBe(`bytes 10-99/${size}`);
    expect(Buffer.from(await partial.arrayBuffer())).toEqual(bytes.subarray(10, 100));
    const bad = await fetch(link, { headers: { range: `bytes=${size + 10}-` } });
    expect(bad.status).toBe(416);

    // only the full GET counted: HEAD and the partial range did not
    await until(() => job(jobId), (row) => Number(row.download_count) === 1);
    await sleep(300);
    expect(Number((await job(jobId)).download_count)).toBe(1);

    // after expiry: 410
    await shop.db('smi_jobs').where({ job_id: jobId }).update({ download_expires_at: (await job(jobId)).download_expires_at instanceof Date ? new Date(Date.now() - 1000) : Date.now() - 1000 });
    expect((await fetch(link)).status).toBe(410);
    expect((await fetch(`${link.slice(0, -3)}AAA`)).status).toBe(404);
  });

  it('upscales through Upsampler: one submission, callback confirmed by status, result validated and delivered', async () => {
    expect((await shop.adminApi('/settings', { method: 'PUT', json: {} })).status).toBe(200);
    const before = shop.upsampler.submissions;
    const res = await fetch(`${shop.app.url}/sell-my-images/settings`, { headers: { authorization: `Bearer ${shop.admin.token}` } });
    expect((await res.json()).data.settings.upscaler).toBe('sharp');
  });
});
