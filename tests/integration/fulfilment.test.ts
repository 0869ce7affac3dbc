import { get as httpGet } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import sharp from 'sharp';
import { buy, buySettled, expireDownload, jobRow, openShop, type Shop } from './helpers/shop';
import { until } from './helpers/wait';

/**
 * Paid job → upscale → validate → private storage → e-mail → expiring download, with
 * the local sharp upscaler and with Upsampler (its fake), and the failures that must end
 * in exactly one refund (docs/architecture.md "Queue and leases", "Downloads").
 */
describe(`fulfilment (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  let shop: Shop;
  beforeAll(async () => {
    shop = await openShop('fulfilment', { SMI_UPSCALER: 'sharp' });
  });
  afterAll(async () => shop?.close());

  const job = (jobId: string) => jobRow(shop, jobId);

  const linkIn = (text: string) =>
    /(http:\/\/127\.0\.0\.1:\d+\/api\/sell-my-images\/downloads\/[A-Za-z0-9_-]{43})/.exec(
      text,
    )?.[1];

  it('delivers a paid job end to end: e-mailed link, exact dimensions, ranges, HEAD not counted, expiry', async () => {
    const {
      jobId,
      sessionId,
      row: done,
    } = await buySettled(shop, {
      fileId: shop.images.small.documentId,
      resolution: '4x',
      email: 'sharp@example.test',
    });
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
    expect(bad.headers.get('content-range')).toBe(`bytes */${size}`);
    // an error in Strapi's shape, not an image attachment
    expect(bad.headers.get('content-type')).toMatch(/^application\/json/);
    expect(bad.headers.get('content-disposition')).toBeNull();
    expect((await bad.json()).error).toMatchObject({
      status: 416,
      name: 'RangeNotSatisfiableError',
    });

    // conditional GET: the same file answers 304; a changed ETag in If-Range sends it whole
    const etag = full.headers.get('etag') as string;
    expect(etag).toMatch(/^"[^"]+"$/);
    const unchanged = await fetch(link, { headers: { 'if-none-match': etag } });
    expect(unchanged.status).toBe(304);
    const stale = await fetch(link, { headers: { range: 'bytes=0-9', 'if-range': '"other"' } });
    expect(stale.status).toBe(200);
    expect(Buffer.from(await stale.arrayBuffer())).toEqual(bytes);

    // only the full GETs counted (the plain one and the stale If-Range): HEAD, the partial
    // range and the 304 did not
    await until(
      () => job(jobId),
      (row) => Number(row.download_count) === 2,
    );
    await sleep(300);
    expect(Number((await job(jobId)).download_count)).toBe(2);

    // after expiry: 410
    await shop
      .db('smi_jobs')
      .where({ job_id: jobId })
      .update({
        download_expires_at:
          (await job(jobId)).download_expires_at instanceof Date
            ? new Date(Date.now() - 1000)
            : Date.now() - 1000,
      });
    expect((await fetch(link)).status).toBe(410);
    expect((await fetch(`${link.slice(0, -3)}AAA`)).status).toBe(404);
  });

  describe('maximum downloads per link', () => {
    /** A finished purchase of `image` at 4x: its download link and the file's size. */
    async function finishedLink(image: 'small' | 'large', email: string) {
      const { jobId, sessionId, row } = await buySettled(shop, {
        fileId: shop.images[image].documentId,
        resolution: '4x',
        email,
      });
      expect(row.status).toBe('completed');
      const status = await (await shop.api(`/jobs/${jobId}?session=${sessionId}`)).json();
      const link = status.downloadUrl as string;
      const size = Number((await fetch(link, { method: 'HEAD' })).headers.get('content-length'));
      return { jobId, link, size };
    }
    const setMax = async (maxDownloads: number | null) =>
      expect(
        (await shop.adminApi('/settings', { method: 'PUT', json: { maxDownloads } })).status,
      ).toBe(200);
    const counted = async (jobId: string) => Number((await job(jobId)).download_count);
    /** Waits until the transfers that ended have been recorded, then reads the count. */
    const settledCount = async (jobId: string, expected: number) => {
      await until(
        () => counted(jobId),
        (n) => n === expected,
        10_000,
      ).catch(() => undefined);
      await sleep(300);
      return counted(jobId);
    };
    const range = (link: string, spec: string, etag?: string) =>
      fetch(link, { headers: { range: `bytes=${spec}`, ...(etag ? { 'if-range': etag } : {}) } });

    afterEach(() => setMax(null));

    it('lets exactly maxDownloads of many parallel full GETs through; the others answer 410', async () => {
      await setMax(2);
      const { jobId, link, size } = await finishedLink('small', 'parallel@example.test');
      const answers = await Promise.all(
        Array.from({ length: 8 }, async () => {
          const res = await fetch(link);
          return { status: res.status, bytes: (await res.arrayBuffer()).byteLength };
        }),
      );
      expect(answers.filter((a) => a.status === 200 && a.bytes === size)).toHaveLength(2);
      expect(answers.filter((a) => a.status === 410)).toHaveLength(6);
      expect(await settledCount(jobId, 2)).toBe(2);
      expect((await fetch(link)).status).toBe(410);
    });

    it('counts a download made of ranges covering the file once, in any order', async () => {
      await setMax(2);
      const { jobId, link, size } = await finishedLink('small', 'ranges@example.test');
      const parts: Buffer[] = [];
      for (const spec of ['100-199', `200-${size - 1}`, '0-99']) {
        const res = await range(link, spec);
        expect(res.status).toBe(206);
        parts.push(Buffer.from(await res.arrayBuffer()));
      }
      const whole = Buffer.concat([parts[2], parts[0], parts[1]]);
      expect(whole.length).toBe(size);
      expect(await settledCount(jobId, 1)).toBe(1);
      // the second (and last) download is a plain GET of the same bytes
      const full = await fetch(link);
      expect(full.status).toBe(200);
      expect(Buffer.from(await full.arrayBuffer())).toEqual(whole);
      expect(await settledCount(jobId, 2)).toBe(2);
      expect((await range(link, '0-99')).status).toBe(410);
    });

    it('never counts ranges that stop short of the end, and serves no more bytes through them than the limit', async () => {
      await setMax(2);
      const { jobId, link, size } = await finishedLink('small', 'short@example.test');
      const short = `0-${size - 2}`;
      expect((await range(link, short)).status).toBe(206);
      expect((await range(link, short)).status).toBe(206);
      // two copies but one byte each: a third would pass the bytes of two full downloads
      const third = await range(link, short);
      expect(third.status).toBe(410);
      expect(third.headers.get('content-disposition')).toBeNull();
      expect(await settledCount(jobId, 0)).toBe(0);
    });

    it('gives the reservation of a transfer that failed mid-way back, and a resume completes it', async () => {
      await setMax(1);
      const { jobId, link, size } = await finishedLink('large', 'resume@example.test');
      // a client that reads a little, then drops the connection
      const received = await new Promise<{ bytes: number; etag: string }>((resolve, reject) => {
        const req = httpGet(link, (res) => {
          let bytes = 0;
          res.on('data', (chunk: Buffer) => {
            bytes += chunk.length;
            if (bytes < 64 * 1024) return;
            res.pause();
            resolve({ bytes, etag: String(res.headers.etag) });
            setTimeout(() => req.destroy(), 50);
          });
        });
        req.on('error', (error) =>
          error.message === 'socket hang up' ? undefined : reject(error),
        );
      });
      expect(received.bytes).toBeLessThan(size);
      expect(await settledCount(jobId, 0)).toBe(0);
      // what the server read before the break is charged as a partial transfer
      expect((await job(jobId)).download_coverage).toMatch(/^0-\d+$/);
      // the browser resumes where it stopped: the two parts make one download
      const rest = await range(link, `${received.bytes}-`, received.etag);
      expect(rest.status).toBe(206);
      expect((await rest.arrayBuffer()).byteLength).toBe(size - received.bytes);
      expect(await settledCount(jobId, 1)).toBe(1);
      expect((await fetch(link)).status).toBe(410);
    });
  });
});

describe(`job administration and housekeeping (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  let shop: Shop;
  beforeAll(async () => {
    shop = await openShop('job-admin', { SMI_UPSCALER: 'sharp' });
  });
  afterAll(async () => shop?.close());

  const job = (jobId: string) => jobRow(shop, jobId);
  const post = (path: string) => shop.adminApi(path, { method: 'POST' });
  async function completedJob(email: string) {
    const { jobId } = await buy(shop, {
      fileId: shop.images.small.documentId,
      resolution: '4x',
      email,
    });
    for (let i = 0; i < 300 && (await job(jobId)).status !== 'completed'; i++) await sleep(100);
    expect((await job(jobId)).status).toBe('completed');
    await shop.smtp.waitForMessage((m) => m.to.includes(email), 15_000);
    return jobId as string;
  }

  it('lists and searches jobs, and shows a job with its timeline', async () => {
    const jobId = await completedJob('listed@example.test');
    const list = await (await shop.adminApi('/jobs?q=listed@example&status=completed')).json();
    expect(list.data.results.map((j: any) => j.jobId)).toEqual([jobId]);
    expect(list.data.results[0].downloadTokenHash).toBeUndefined();
    const detail = await (await shop.adminApi(`/jobs/${jobId}`)).json();
    expect(detail.data.timeline.map((t: any) => t.toStatus)).toEqual([
      'awaiting_payment',
      'pending',
      'processing',
      'completed',
    ]);
    expect((await shop.adminApi('/jobs?status=nonsense')).status).toBe(400);
  });

  it('issues a new link (the old one stops working) and resends the e-mail', async () => {
    const jobId = await completedJob('relink@example.test');
    const first = shop.smtp.messages.find((m) => m.to.includes('relink@example.test'))!;
    const oldLink = /(http:\/\/\S+\/downloads\/[A-Za-z0-9_-]{43})/.exec(first.text ?? '')![1];
    await sleep(5); // a different expiry instant gives a different token
    expect((await post(`/jobs/${jobId}/new-link`)).status).toBe(200);
    const second = await shop.smtp.waitForMessage(
      (m) => m.to.includes('relink@example.test') && m.id !== first.id,
      10_000,
    );
    const newLink = /(http:\/\/\S+\/downloads\/[A-Za-z0-9_-]{43})/.exec(second.text ?? '')![1];
    expect(newLink).not.toBe(oldLink);
    expect((await fetch(oldLink)).status).toBe(404);
    expect((await fetch(newLink)).status).toBe(200);
    expect((await post(`/jobs/${jobId}/resend`)).status).toBe(200);
    await shop.smtp.waitForMessage(
      (m) =>
        m.to.includes('relink@example.test') &&
        m.text?.includes(newLink) === true &&
        m.id !== second.id,
      10_000,
    );
  });

  it('refunds manually exactly once, and refuses to retry a refunded job', async () => {
    const jobId = await completedJob('manual-refund@example.test');
    const first = await post(`/jobs/${jobId}/refund`);
    expect(first.status).toBe(200);
    expect((await first.json()).data.outcome).toBe('refunded');
    const second = await post(`/jobs/${jobId}/refund`);
    expect((await second.json()).data.outcome).toBe('already_refunded');
    const row = await job(jobId);
    expect(row.payment_status).toBe('refunded');
    expect(
      shop.stripe.requests.filter(
        (r) =>
          r.path === '/v1/refunds' &&
          (r.body as any).payment_intent === row.stripe_payment_intent_id,
      ),
    ).toHaveLength(1);
    expect((await post(`/jobs/${jobId}/retry`)).status).toBe(409);
  });

  it('refuses to retry a processing job while an instance holds its lease', async () => {
    const jobId = await completedJob('retry-leased@example.test');
    const inAMinute = new Date(Date.now() + 60_000);
    const sqlite = shop.app.database.client === 'sqlite';
    await shop
      .db('smi_jobs')
      .where({ job_id: jobId })
      .update({
        status: 'processing',
        lease_owner: 'other-instance',
        lease_expires_at: sqlite ? inAMinute.getTime() : inAMinute,
      });
    const refused = await post(`/jobs/${jobId}/retry`);
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.message).toMatch(/lease/);
    const detail = await (await shop.adminApi(`/jobs/${jobId}`)).json();
    expect(detail.data.actions.retry).toBe(false);
    expect(await job(jobId)).toMatchObject({ status: 'processing', lease_owner: 'other-instance' });
  });

  it('retries a failed job back to completion', async () => {
    const jobId = await completedJob('retry-admin@example.test');
    // Make it look failed without a refund (e.g. an e-mail provider outage left it stuck)
    await shop
      .db('smi_jobs')
      .where({ job_id: jobId })
      .update({ status: 'failed', error_code: 'internal_error' });
    expect((await post(`/jobs/${jobId}/retry`)).status).toBe(200);
    for (let i = 0; i < 300 && (await job(jobId)).status !== 'completed'; i++) await sleep(100);
    expect((await job(jobId)).status).toBe('completed');
    const detail = await (await shop.adminApi(`/jobs/${jobId}`)).json();
    expect(
      detail.data.timeline.some(
        (t: any) => t.reason === 'admin retry' && /^admin:\d+$/.test(t.actor),
      ),
    ).toBe(true);
  });

  const stored = async (jobId: string) => {
    const { existsSync } = await import('node:fs');
    const path = await import('node:path');
    const key = (await job(jobId)).stored_file_key as string;
    return existsSync(path.join(shop.app.environment().SMI_STORAGE_DIR as string, key));
  };
  const deleteExpiredFiles = () => shop.app.testSupport('POST', '/tasks/delete-expired-files');

  it('deletes the file after the link and the re-download window expired but keeps the record; purges old e-mails', async () => {
    const jobId = await completedJob('cleanup@example.test');
    await expireDownload(shop, jobId, { paidDaysAgo: 31 });
    const run = await deleteExpiredFiles();
    expect(run.body.handled).toBeGreaterThanOrEqual(1);
    expect(await stored(jobId)).toBe(false);
    const after = await job(jobId);
    expect(after).toMatchObject({ status: 'completed', payment_status: 'paid' });
    expect(after.file_expired_at).not.toBeNull();

    const old = new Date(Date.now() - 400 * 86_400_000);
    await shop
      .db('smi_jobs')
      .where({ job_id: jobId })
      .update({ created_at: shop.app.database.client === 'sqlite' ? old.getTime() : old });
    await shop.app.testSupport('POST', '/tasks/apply-retention');
    expect((await job(jobId)).email).toBeNull();
  });

  it('keeps a paid file for "My purchases" until its window ends; a refunded or erased one goes with its link', async () => {
    const kept = await completedJob('window@example.test');
    const refunded = await completedJob('window-refunded@example.test');
    const erased = await completedJob('window-erased@example.test');
    await shop.db('smi_jobs').where({ job_id: refunded }).update({ payment_status: 'refunded' });
    const erase = await shop.adminApi('/privacy/erase', {
      method: 'POST',
      json: { email: 'window-erased@example.test' },
    });
    expect(erase.status).toBe(200);
    for (const jobId of [kept, refunded, erased]) await expireDownload(shop, jobId);
    await deleteExpiredFiles();
    expect(await stored(kept)).toBe(true);
    expect((await job(kept)).file_expired_at).toBeNull();
    for (const jobId of [refunded, erased]) {
      expect(await stored(jobId)).toBe(false);
      expect((await job(jobId)).file_expired_at).not.toBeNull();
    }

    // Past the window (30 days by default) but a fresh link still running: kept until it expires.
    const sqlite = shop.app.database.client === 'sqlite';
    const at = (date: Date) => (sqlite ? date.getTime() : date);
    await shop
      .db('smi_jobs')
      .where({ job_id: kept })
      .update({
        paid_at: at(new Date(Date.now() - 31 * 86_400_000)),
        download_expires_at: at(new Date(Date.now() + 3_600_000)),
      });
    await deleteExpiredFiles();
    expect(await stored(kept)).toBe(true);
    await expireDownload(shop, kept);
    await deleteExpiredFiles();
    expect(await stored(kept)).toBe(false);
    expect(await job(kept)).toMatchObject({ status: 'completed', payment_status: 'paid' });
    expect((await job(kept)).file_expired_at).not.toBeNull();
  });

  it('runs a task once per period when several instances fire it', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        shop.app.testSupport('POST', '/tasks/expiry-reminders?force=false'),
      ),
    );
    expect(results.filter((r) => r.body.handled !== null)).toHaveLength(1);
  });
});
