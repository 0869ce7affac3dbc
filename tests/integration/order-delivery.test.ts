import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import yauzl from 'yauzl';
import type { CartCheckoutAnswer, OrderStatusAnswer } from '../../shared/contracts/cart';
import type { CheckoutRequest } from '../../shared/contracts/prices';
import { formatMoney } from '../../shared/currency';
import { emailLocale } from '../../shared/email-rendering';
import { rmSync } from 'node:fs';
import path from 'node:path';
import {
  jobRow,
  openShop,
  postJson,
  publishPhoto,
  startCheckout,
  uploadPng,
  type Shop,
} from './helpers/shop';
import { until } from './helpers/wait';

/**
 * Delivery of a cart order (README "What the buyer of a cart receives", docs/architecture.md
 * "Previews, cart and purchases"): one e-mail once every line settled, listing each line's
 * link or refund and the ZIP; the ZIP holds exactly the files the single links serve; the
 * status route answers only the Checkout Session's holder. Orders go through
 * `POST /cart/checkout` and the Stripe fake; the download-limit one is seeded as single
 * checkouts given one `orderId` before they are paid.
 */
describe(`order delivery (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  let shop: Shop;
  beforeAll(async () => {
    shop = await openShop('order-delivery', {
      SMI_UPSCALER: 'upsampler',
      SMI_WORKER_MAX_ATTEMPTS: '2',
    });
  });
  afterAll(async () => shop?.close());
  afterEach(() => shop?.upsampler.resetFaults());

  const API = /http:\/\/127\.0\.0\.1:\d+\/api\/sell-my-images/.source;
  const linksIn = (text: string) =>
    [...text.matchAll(new RegExp(`${API}/downloads/[A-Za-z0-9_-]{43}`, 'g'))].map((m) => m[0]);
  const zipIn = (text: string) =>
    new RegExp(`${API}/orders/[0-9a-f-]{36}/zip\\?token=[0-9a-z]+\\.[A-Za-z0-9_-]{43}`).exec(
      text,
    )?.[0];

  /** An order of `requests` (one checkout each, then one `orderId`): ids and sessions. */
  async function seedOrder(requests: CheckoutRequest[]) {
    const orderId = randomUUID();
    const lines = [];
    for (const request of requests) lines.push(await startCheckout(shop, request));
    for (const [index, { jobId }] of lines.entries()) {
      await shop
        .db('smi_jobs')
        .where({ job_id: jobId })
        .update({ order_id: orderId, order_line: index, order_size: lines.length });
    }
    return { orderId, lines };
  }

  const pay = (sessionId: string) => shop.stripe.completeSession(sessionId);
  const settled = (jobId: string) =>
    until(
      () => jobRow(shop, jobId),
      (row) => row.status === 'completed' || (row.status === 'failed' && row.refunded_at),
      60_000,
    );
  const mailRows = (jobIds: string[]) => shop.db('smi_mails').whereIn('job_id', jobIds);
  const to = (email: string) => shop.smtp.messages.filter((m) => m.to.includes(email));

  async function bytes(url: string, init?: RequestInit) {
    const res = await fetch(url, init);
    return { res, body: Buffer.from(await res.arrayBuffer()) };
  }

  /** The ZIP's entries: name → bytes, and whether each was stored (no compression). */
  const unzip = (zip: Buffer) =>
    new Promise<Map<string, { data: Buffer; stored: boolean }>>((resolve, reject) => {
      const found = new Map<string, { data: Buffer; stored: boolean }>();
      yauzl.fromBuffer(zip, { lazyEntries: true }, (error, file) => {
        if (error || !file) return reject(error);
        file.on('error', reject).on('end', () => resolve(found));
        file.on('entry', (entry: yauzl.Entry) =>
          file.openReadStream(entry, (openError, stream) => {
            if (openError || !stream) return reject(openError);
            const chunks: Buffer[] = [];
            stream.on('data', (chunk: Buffer) => chunks.push(chunk));
            stream.on('end', () => {
              const data = Buffer.concat(chunks);
              found.set(entry.fileName, { data, stored: entry.compressionMethod === 0 });
              file.readEntry();
            });
          }),
        );
        file.readEntry();
      });
    });

  const line = (fileId: string, resolution: string, email: string, locale?: string) => ({
    fileId,
    resolution,
    email,
    ...(locale ? { locale } : {}),
  });

  /** A cart bought through `POST /cart/checkout`: its order, jobs and Checkout Session. */
  async function cartOrder(email: string, items: unknown[], extra: Record<string, unknown> = {}) {
    const res = await shop.api('/cart/checkout', postJson({ email, items, ...extra }));
    expect(res.status).toBe(201);
    const { orderId, jobIds } = (await res.json()) as CartCheckoutAnswer;
    const session = [...shop.stripe.sessions.values()].find((s) => s.metadata.orderId === orderId)!;
    return { orderId, jobIds, session };
  }

  it('sends one e-mail with three links and a ZIP whose entries are the files themselves', async () => {
    const email = 'cart-buyer@example.test';
    const { small, medium } = shop.images;
    // Through the cart: one Checkout Session, one job per line, paid by one webhook.
    const {
      orderId,
      jobIds,
      session: checkoutSession,
    } = await cartOrder(email, [
      { fileId: small.documentId, resolution: '4x' },
      { fileId: small.documentId, resolution: '8x' },
      { fileId: medium.documentId, resolution: '4x' },
    ]);
    await pay(checkoutSession.id);
    // The lines finish side by side: the order's mail is still sent once.
    for (const jobId of jobIds) expect((await settled(jobId)).status).toBe('completed');
    const mail = await shop.smtp.waitForMessage((m) => m.to.includes(email), 20_000);
    const rows = await until(
      () => mailRows(jobIds),
      (found) => found.every((row) => row.status !== 'pending'),
    );
    expect(rows.map((row) => [row.kind, row.status, row.dedupe_key])).toEqual([
      ['order', 'sent', `order:${orderId}`],
    ]);
    expect(rows[0].job_id).toBe(jobIds[0]);
    expect(to(email)).toHaveLength(1);
    expect(mail.subject).toMatch(/^Your images are ready — /);

    const text = mail.text ?? '';
    const links = linksIn(text);
    expect(links).toHaveLength(3);
    expect(new Set(links).size).toBe(3);
    expect(text).toContain('- small.png — 4x (2000 × 2000 px): http');
    expect(text).toContain('- small.png — 8x (4000 × 4000 px): http');
    expect(text).toContain('- medium.png — 4x (4000 × 4000 px): http');
    const zipUrl = zipIn(text);
    expect(zipUrl).toBeDefined();
    expect(mail.html).toContain(`href="${zipUrl!.replace(/&/g, '&amp;')}"`);
    expect(mail.html).toMatch(/<ul[^>]*><li[^>]*>small\.png — 4x \(2000 × 2000 px\) — <a href="/);
    // every line records the order's mail, written just after the outbox row
    const lines = await until(
      () => Promise.all(jobIds.map((id) => jobRow(shop, id))),
      (found) => found.every((row) => row.email_status === 'sent'),
      10_000,
    );
    expect(lines.map((row) => row.email_status)).toEqual(['sent', 'sent', 'sent']);

    // HEAD: the ZIP's headers and exact length; nothing counted.
    const head = await fetch(zipUrl!, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('application/zip');
    expect(head.headers.get('content-disposition')).toMatch(/^attachment; filename="order-/);
    const singles: Buffer[] = [];
    for (const link of links) {
      const got = await bytes(link);
      expect(got.res.status).toBe(200);
      singles.push(got.body);
    }
    const zip = await bytes(zipUrl!);
    expect(zip.res.status).toBe(200);
    expect(zip.res.headers.get('content-disposition')).toMatch(/^attachment; filename="order-/);
    expect(Number(zip.res.headers.get('content-length'))).toBe(zip.body.length);
    expect(Number(head.headers.get('content-length'))).toBe(zip.body.length);
    const entries = await unzip(zip.body);
    expect([...entries.keys()]).toEqual(['small-4x.png', 'small-8x.png', 'medium-4x.png']);
    [...entries.values()].forEach((entry, index) => {
      expect(entry.stored).toBe(true);
      expect(entry.data.equals(singles[index] as Buffer)).toBe(true);
    });
    // One download each by its own link, one by the ZIP.
    await until(
      () => Promise.all(jobIds.map((id) => jobRow(shop, id))),
      (found) => found.every((row) => Number(row.download_count) === 2),
    );

    // The status: only for the Checkout Session's holder (a cart has one for every line).
    const session = checkoutSession.id;
    const status = await shop.api(`/orders/${orderId}?session=${session}`);
    expect(status.status).toBe(200);
    const answer = (await status.json()) as OrderStatusAnswer;
    expect(answer.orderId).toBe(orderId);
    expect(answer.lines.map((l) => [l.jobId, l.status])).toEqual(
      jobIds.map((id) => [id, 'completed']),
    );
    expect(answer.lines.map((l) => l.downloadUrl)).toEqual(links);
    expect(answer.zipUrl).toBe(zipUrl);
    const refused = [
      `/orders/${orderId}`,
      `/orders/${orderId}?session=cs_test_someone_else`,
      `/orders/${randomUUID()}?session=${session}`,
    ];
    const bodies = new Set<string>();
    for (const path of refused) {
      const res = await shop.api(path);
      expect(res.status).toBe(404);
      bodies.add(await res.text());
    }
    expect(bodies.size).toBe(1);
    expect((await shop.api('/orders/not-a-uuid')).status).toBe(400);

    // Bad tokens: another order's, a forged one, a malformed one.
    const token = new URL(zipUrl!).searchParams.get('token')!;
    const [stamp, signature] = token.split('.') as [string, string];
    const forged = `${(parseInt(stamp, 36) + 1000).toString(36)}.${signature}`;
    expect((await shop.api(`/orders/${randomUUID()}/zip?token=${token}`)).status).toBe(404);
    expect((await shop.api(`/orders/${orderId}/zip?token=${forged}`)).status).toBe(404);
    expect((await shop.api(`/orders/${orderId}/zip?token=x`)).status).toBe(404);
    expect((await shop.api(`/orders/${orderId}/zip`)).status).toBe(400);

    // Its lines expire: the ZIP link answers 410 (its own expiry passes with them).
    const soon = new Date(Date.now() + 1500);
    const at = shop.app.database.client === 'sqlite' ? soon.getTime() : soon;
    await shop.db('smi_jobs').whereIn('job_id', jobIds).update({ download_expires_at: at });
    const shortLived = (
      (await (await shop.api(`/orders/${orderId}?session=${session}`)).json()) as OrderStatusAnswer
    ).zipUrl!;
    expect(shortLived).not.toBe(zipUrl);
    await sleep(2000);
    const expired = await fetch(shortLived);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('This download link has expired');
    // The first link's lines have no working link left (their expiry was replaced).
    const emptied = await fetch(zipUrl!);
    expect(emptied.status).toBe(410);
    expect(await emptied.text()).toContain('Nothing is left to download');
  });

  it('lists a failed line as refunded, in the buyer’s language, and zips the two others', async () => {
    const email = 'panier@example.test';
    const { small, medium } = shop.images;
    const doomed = await uploadPng(shop, 'doomed.png', 400, 300);
    await publishPhoto(shop.app, 'doomed', doomed.id);
    const { jobIds, session } = await cartOrder(
      email,
      [
        { fileId: small.documentId, resolution: '4x' },
        { fileId: medium.documentId, resolution: '4x' },
        { fileId: doomed.documentId, resolution: '4x' },
      ],
      { locale: 'fr-FR' },
    );
    // Its original gone, the third line cannot be made: it fails for good, refunded alone.
    rmSync(path.join(shop.app.publicDir, doomed.url), { force: true });
    await pay(session.id);
    const failed = await settled(jobIds[2]!);
    expect(failed).toMatchObject({ status: 'failed', payment_status: 'refunded' });
    for (const jobId of jobIds.slice(0, 2))
      expect(await settled(jobId)).toMatchObject({
        status: 'completed',
        payment_status: 'paid',
      });
    const mail = await shop.smtp.waitForMessage((m) => m.to.includes(email), 20_000);
    expect(mail.subject).toMatch(/^Vos images sont prêtes — /);
    const text = mail.text ?? '';
    expect(linksIn(text)).toHaveLength(2);
    const refund = formatMoney(Number(failed.amount_total), failed.currency, emailLocale('fr'));
    expect(text).toContain(`- doomed.png — 4x : impossible à préparer, ${refund} remboursé\n`);
    expect(text).toContain(
      `Nous n’avons pas pu préparer toutes les images : ${refund} a été remboursé`,
    );
    const rows = await until(
      () => mailRows(jobIds),
      (found) => found.every((row) => row.status !== 'pending'),
    );
    // No link or failure mail of a line: the order's one.
    expect(rows.map((row) => [row.kind, row.status])).toEqual([['order', 'sent']]);
    expect(to(email)).toHaveLength(1);

    const zip = await bytes(zipIn(text)!);
    expect(zip.res.status).toBe(200);
    const entries = await unzip(zip.body);
    expect([...entries.keys()]).toEqual(['small-4x.png', 'medium-4x.png']);
  });

  it('leaves a line out of the ZIP once its link is used up, and answers 410 when none is left', async () => {
    const email = 'limits@example.test';
    const { small, medium } = shop.images;
    const saved = await shop.adminApi('/settings', { method: 'PUT', json: { maxDownloads: 1 } });
    expect(saved.status).toBe(200);
    try {
      const { lines } = await seedOrder([
        line(small.documentId, '4x', email),
        line(medium.documentId, '4x', email),
      ]);
      for (const l of lines) await pay(l.session.id);
      const mail = await shop.smtp.waitForMessage((m) => m.to.includes(email), 60_000);
      const text = mail.text ?? '';
      const [first] = linksIn(text);
      expect((await fetch(first!)).status).toBe(200);
      const zip = await bytes(zipIn(text)!);
      expect(zip.res.status).toBe(200);
      expect([...(await unzip(zip.body)).keys()]).toEqual(['medium-4x.png']);
      await until(
        () => jobRow(shop, lines[1]!.jobId),
        (row) => Number(row.download_count) === 1,
      );
      expect((await fetch(zipIn(text)!)).status).toBe(410);
    } finally {
      await shop.adminApi('/settings', { method: 'PUT', json: { maxDownloads: null } });
    }
  });
});
