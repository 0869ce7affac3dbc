import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import type { PurchaseLinkAnswer, PurchasesAnswer } from '../../shared/contracts/purchases';
import { sealGrant } from '../../server/src/delivery/purchases-token';
import { buySettled, jobRow, openShop, postJson, type Shop } from './helpers/shop';

/**
 * "My purchases" (README "My purchases", docs/architecture.md "Previews, cart and
 * purchases"): the lookup always answers the same 202 and mails a link only to an address
 * that bought; the page lists its paid, delivered, not revoked purchases of the window;
 * a fresh link downloads the exact file; every refusal is one page.
 */
const KEY = 'purchases-test-encryption-key-0123456789abcdef';
const BUYER = 'Buyer.Two@Example.test';
const OTHER = 'mixed@example.test';

describe(`my purchases (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  let shop: Shop;
  const bought: Record<string, { jobId: string; file: string }> = {};

  /** A token as the server seals it (the same key), for any address and expiry. */
  function token(email: string, expiresAt: Date): string {
    const saved = process.env.SMI_ENCRYPTION_KEY;
    process.env.SMI_ENCRYPTION_KEY = KEY;
    try {
      const strapi = { config: { get: () => undefined } } as unknown as Core.Strapi;
      return sealGrant(strapi, { email, language: 'en', expiresAt });
    } finally {
      if (saved === undefined) delete process.env.SMI_ENCRYPTION_KEY;
      else process.env.SMI_ENCRYPTION_KEY = saved;
    }
  }
  const inAnHour = () => new Date(Date.now() + 3_600_000);
  const lookup = (email: unknown, locale?: string) =>
    shop.api('/purchases/lookup', postJson({ email, ...(locale ? { locale } : {}) }));
  const list = async (email: string) => {
    const res = await shop.api(`/purchases/list?token=${token(email, inAnHour())}`);
    expect(res.status).toBe(200);
    return (await res.json()) as PurchasesAnswer;
  };
  const storedPath = (key: string) =>
    path.join(shop.app.environment().SMI_STORAGE_DIR as string, key);
  const setJob = (jobId: string, data: Record<string, unknown>) =>
    shop.db('smi_jobs').where({ job_id: jobId }).update(data);
  const dateValue = (date: Date) => (shop.app.database.client === 'sqlite' ? date.getTime() : date);

  async function sale(name: string, email: string, image: 'small' | 'medium') {
    const { jobId, row } = await buySettled(shop, {
      fileId: shop.images[image].documentId,
      resolution: '4x',
      email,
    });
    expect(row.status).toBe('completed');
    bought[name] = { jobId, file: storedPath(row.stored_file_key) };
  }

  beforeAll(async () => {
    shop = await openShop('purchases', {
      SMI_UPSCALER: 'sharp',
      SMI_ENCRYPTION_KEY: KEY,
      SMI_RATE_LIMIT_PURCHASES_LOOKUP: '1000',
      SMI_RATE_LIMIT_PURCHASES: '1000',
    });
    await sale('first', BUYER, 'small');
    await sale('second', BUYER.toLowerCase(), 'medium');
    await sale('kept', OTHER, 'small');
    await sale('old', OTHER, 'medium');
    await sale('refunded', OTHER, 'small');
    await sale('flagged', OTHER, 'small');
  }, 240_000);
  afterAll(async () => shop?.close());

  it('answers 202 and mails one link to a buyer; the page lists both purchases', async () => {
    shop.smtp.clear();
    const res = await lookup('  buyer.two@EXAMPLE.test ', 'fr-CA');
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: true });
    const mail = await shop.smtp.waitForMessage((m) => /Vos achats/.test(m.subject), 15_000);
    expect(mail.to).toEqual(['buyer.two@example.test']);
    expect(mail.text).toContain('30 minutes');
    const link = /https?:\/\/\S+\/purchases\?token=[\w%-]+/.exec(mail.text ?? '')?.[0] ?? '';
    expect(new URL(link).pathname).toBe(new URL(shop.app.pluginUrl('/purchases')).pathname);
    expect(mail.html).toContain(link.replace(/&/g, '&amp;'));

    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toMatch(
      /^default-src 'none'; style-src 'sha256-/,
    );
    expect(page.headers.get('cache-control')).toBe('private, no-store');
    expect(page.headers.get('x-robots-tag')).toMatch(/noindex/);
    const html = await page.text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('b•••@example.test');
    expect(html).not.toContain('buyer.two@');
    expect(html).toContain('small.png');
    expect(html).toContain('medium.png');
    expect(html.match(/<form method="post"/g)).toHaveLength(2);
    expect(html).not.toMatch(/<script\b/);

    const answer = (await (
      await shop.api(`/purchases/list?token=${new URL(link).searchParams.get('token')}`)
    ).json()) as PurchasesAnswer;
    expect(answer.email).toBe('b•••@example.test');
    expect(answer.purchases.map((p) => p.jobId)).toEqual([
      bought.second?.jobId,
      bought.first?.jobId,
    ]);
    const first = answer.purchases[1];
    expect(first).toMatchObject({ resolution: '4x', width: 2000, height: 2000, currency: 'usd' });
    expect(first?.amount).toBeGreaterThan(0);
    expect(first?.thumbnailUrl).toMatch(/^http/);
    expect(shop.smtp.messages.filter((m) => /Vos achats/.test(m.subject))).toHaveLength(1);
  });

  it('gives a fresh link that downloads the exact file (JSON 201, form post 303)', async () => {
    const { jobId, file } = bought.first as { jobId: string; file: string };
    const before = await jobRow(shop, jobId);
    const t = token(BUYER.toLowerCase(), inAnHour());
    const res = await shop.api('/purchases/link', postJson({ token: t, jobId }));
    expect(res.status).toBe(201);
    const answer = (await res.json()) as PurchaseLinkAnswer;
    expect(new Date(answer.expiresAt).getTime()).toBeGreaterThan(Date.now() + 3_000_000);
    const after = await jobRow(shop, jobId);
    expect(after.download_token_hash).not.toBe(before.download_token_hash);
    const download = await fetch(answer.downloadUrl);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(await readFile(file))).toBe(true);

    const form = await shop.api('/purchases/link', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: t, jobId }).toString(),
      redirect: 'manual',
    });
    expect(form.status).toBe(303);
    const location = form.headers.get('location') ?? '';
    expect(location).toMatch(/\/downloads\/[\w-]{43}$/);
    expect((await fetch(location)).status).toBe(200);
    // the JSON link was replaced by the form's: its token is unknown now
    expect((await fetch(answer.downloadUrl)).status).toBe(404);
  });

  it('answers an unknown address with the same 202 and sends nothing', async () => {
    shop.smtp.clear();
    const unknown = await lookup('nobody@example.test');
    expect(unknown.status).toBe(202);
    expect(await unknown.json()).toEqual({ accepted: true });
    // a later lookup of a buyer is mailed; nothing was ever sent to the unknown address
    expect((await lookup(OTHER)).status).toBe(202);
    await shop.smtp.waitForMessage((m) => m.to.includes(OTHER), 15_000);
    expect(shop.smtp.messages.filter((m) => m.to.includes('nobody@example.test'))).toEqual([]);
    expect((await lookup('not an address')).status).toBe(400);
  });

  it('refuses an expired, forged or missing token with one page (410/404) and JSON errors', async () => {
    const expired = token(BUYER.toLowerCase(), new Date(Date.now() - 1000));
    const page = await shop.api(`/purchases?token=${expired}`);
    expect(page.status).toBe(410);
    expect(page.headers.get('cache-control')).toBe('private, no-store');
    expect(await page.text()).toMatch(/This link has expired[\s\S]*My purchases/);
    const valid = token(BUYER.toLowerCase(), inAnHour());
    const forged = `${valid.slice(0, 30)}${valid[30] === 'A' ? 'B' : 'A'}${valid.slice(31)}`;
    for (const query of [`?token=${forged}`, '?token=abc', '']) {
      const refused = await shop.api(`/purchases${query}`);
      expect(refused.status).toBe(404);
      expect(await refused.text()).toContain('This link does not work');
    }
    expect((await shop.api(`/purchases/list?token=${forged}`)).status).toBe(404);
    expect((await shop.api(`/purchases/list?token=${expired}`)).status).toBe(410);
    const jobId = bought.first?.jobId;
    expect((await shop.api('/purchases/link', postJson({ token: expired, jobId }))).status).toBe(
      410,
    );
    // another buyer's purchase is not this token's
    const other = await shop.api(
      '/purchases/link',
      postJson({ token: valid, jobId: bought.kept?.jobId }),
    );
    expect(other.status).toBe(404);
  });

  it('lists neither purchases outside the window, refunded or flagged ones, nor an erased address', async () => {
    const ids = (answer: PurchasesAnswer) => answer.purchases.map((p) => p.jobId).sort();
    expect(ids(await list(OTHER))).toHaveLength(4);
    await setJob(bought.old?.jobId as string, {
      paid_at: dateValue(new Date(Date.now() - 31 * 86_400_000)),
    });
    await setJob(bought.refunded?.jobId as string, { payment_status: 'refunded' });
    await setJob(bought.flagged?.jobId as string, { fraud_warning_at: dateValue(new Date()) });
    expect(ids(await list(OTHER))).toEqual([bought.kept?.jobId]);

    const erased = await shop.adminApi('/privacy/erase', {
      method: 'POST',
      json: { email: OTHER },
    });
    expect(erased.status).toBe(200);
    expect((await list(OTHER)).purchases).toEqual([]);
    shop.smtp.clear();
    expect((await lookup(OTHER.toUpperCase())).status).toBe(202);
    // a later lookup of a buyer is mailed; the erased address got nothing
    expect((await lookup(BUYER)).status).toBe(202);
    await shop.smtp.waitForMessage((m) => m.to.includes(BUYER.toLowerCase()), 15_000);
    expect(shop.smtp.messages.filter((m) => m.to.includes(OTHER))).toEqual([]);
  });

  it('says so, without an error, when the stored file is gone', async () => {
    const { jobId, file } = bought.second as { jobId: string; file: string };
    await rm(file);
    const t = token(BUYER.toLowerCase(), inAnHour());
    const json = await shop.api('/purchases/link', postJson({ token: t, jobId }));
    expect(json.status).toBe(410);
    const form = await shop.api('/purchases/link', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: t, jobId }).toString(),
      redirect: 'manual',
    });
    expect(form.status).toBe(410);
    expect(await form.text()).toContain('This file is no longer stored');
  });

  it('limits lookups per asked address (3 an hour), whatever the visitor address', async () => {
    const email = 'limited@example.test';
    for (let i = 0; i < 3; i++) expect((await lookup(email)).status).toBe(202);
    const limited = await lookup(` ${email.toUpperCase()}`);
    expect(limited.status).toBe(429);
    expect((await lookup('someone-else@example.test')).status).toBe(202);
  });
});
