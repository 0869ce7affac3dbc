import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { UploadedFile } from './helpers/admin';
import { Playground } from './helpers/playground';
import { openShop, postJson, publishPhoto, uploadPng, type Shop } from './helpers/shop';
import { until } from './helpers/wait';

/**
 * Rate limits behind a reverse proxy (README "Rate limits"): Strapi trusts the proxy's
 * X-Forwarded-For (`server.proxy.koa`) and takes the address `maxIpsCount` (1) hops from
 * the right, the one the proxy appended, so a visitor cannot choose the bucket it spends.
 * Each request here stands for one that came through the proxy: `X-Forwarded-For` is
 * what the proxy would forward, its last entry the visitor's real address.
 */
const LIMIT = 3;
const PER_EMAIL = 3;
const PER_IMAGE = 6;

describe(`rate limits behind a reverse proxy (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  let shop: Shop;
  let image: Record<'bucket' | 'email' | 'popular' | 'other', UploadedFile>;

  beforeAll(async () => {
    shop = await openShop('rate-limits', {
      PROXY_KOA: 'true',
      PROXY_MAX_IPS_COUNT: '1',
      SMI_RATE_LIMIT_PRICES: String(LIMIT),
      SMI_RATE_LIMIT_CHECKOUT: String(LIMIT),
      SMI_RATE_LIMIT_CHECKOUT_PER_EMAIL: String(PER_EMAIL),
      SMI_RATE_LIMIT_CHECKOUT_PER_IMAGE: String(PER_IMAGE),
      SMI_RATE_LIMIT_CLICKS: String(LIMIT),
      SMI_RATE_LIMIT_JOBS: String(LIMIT),
      SMI_RATE_LIMIT_DOWNLOADS: String(LIMIT),
      SMI_RATE_LIMIT_UPSAMPLER_CALLBACK: String(LIMIT),
    });
    // Sold in sale mode `all`: each is shown by a published entry.
    const upload = async (name: string) => {
      const file = await uploadPng(shop, `${name}.png`, 400, 300);
      await publishPhoto(shop.app, name, file.id);
      return file;
    };
    image = {
      bucket: await upload('bucket'),
      email: await upload('email'),
      popular: await upload('popular'),
      other: await upload('other'),
    };
  });
  afterAll(async () => shop?.close());

  /** A request as the proxy forwards it: `forwarded` is the X-Forwarded-For it sends on. */
  const via = (forwarded: string, init: RequestInit = {}): RequestInit => ({
    ...init,
    headers: { ...(init.headers as Record<string, string>), 'x-forwarded-for': forwarded },
  });
  const checkout = (forwarded: string, body: Record<string, unknown>) =>
    shop.api('/checkout', via(forwarded, postJson(body)));
  const statuses = async (requests: Array<() => Promise<Response>>) => {
    const answers: number[] = [];
    for (const request of requests) answers.push((await request()).status);
    return answers;
  };
  const times = (n: number, make: (i: number) => () => Promise<Response>) =>
    Array.from({ length: n }, (_, i) => make(i));

  async function expectLimited(res: Response): Promise<void> {
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect((await res.json()).error).toMatchObject({ status: 429, name: 'RateLimitError' });
  }

  it('gives two visitors behind the proxy their own checkout budget', async () => {
    const body = { fileId: image.bucket.documentId, resolution: '4x' };
    const a = '198.51.100.1';
    expect(await statuses(times(LIMIT, () => () => checkout(a, body)))).toEqual([201, 201, 201]);
    await expectLimited(await checkout(a, body));
    // another visitor is not stopped by the first one's purchases
    expect((await checkout('198.51.100.2', body)).status).toBe(201);
  });

  it('does not let a forged leftmost X-Forwarded-For entry escape the limit (maxIpsCount 1)', async () => {
    const real = '198.51.100.3';
    // the visitor sends its own X-Forwarded-For; the proxy appends the real address
    const forged = (i: number) => () => checkout(`10.0.0.${i}, ${real}`, {});
    expect(await statuses(times(LIMIT, forged))).toEqual([400, 400, 400]);
    await expectLimited(await forged(LIMIT)());
  });

  it('limits checkouts per e-mail, from any address', async () => {
    const body = { fileId: image.email.documentId, resolution: '4x', email: 'victim@example.test' };
    const from = (i: number) => () => checkout(`198.51.100.${10 + i}`, body);
    expect(await statuses(times(PER_EMAIL, from))).toEqual([201, 201, 201]);
    await expectLimited(await from(PER_EMAIL)());
    // the same address may still buy with another e-mail
    const other = { ...body, email: 'someone@example.test' };
    expect((await checkout(`198.51.100.${10 + PER_EMAIL}`, other)).status).toBe(201);
  });

  it('limits checkouts per image, from any address', async () => {
    const body = { fileId: image.popular.documentId, resolution: '4x' };
    const from = (i: number) => () => checkout(`198.51.100.${20 + i}`, body);
    expect(await statuses(times(PER_IMAGE, from))).toEqual(Array(PER_IMAGE).fill(201));
    await expectLimited(await from(PER_IMAGE)());
    const other = { fileId: image.other.documentId, resolution: '4x' };
    expect((await checkout(`198.51.100.${20 + PER_IMAGE}`, other)).status).toBe(201);
  });

  it.each([
    ['GET /prices', 1, () => '/prices?fileId=999999', {}],
    ['GET /jobs/:jobId', 2, () => `/jobs/${randomUUID()}`, {}],
    ['GET /downloads/:token', 3, () => `/downloads/${'a'.repeat(43)}`, {}],
    ['POST /webhooks/upsampler', 4, () => '/webhooks/upsampler?job=x&sig=y', postJson({})],
    ['POST /clicks', 5, () => '/clicks', postJson({})],
    ['POST /checkout', 6, () => '/checkout', postJson({})],
    ['GET /licence', 7, () => `/licence?order=${randomUUID()}&sig=x`, {}],
  ])('limits %s per visitor', async (_route, n, path, init) => {
    const visitor = `192.0.2.${n}`;
    const call = () => shop.api(path(), via(visitor, init));
    const before = await statuses(times(LIMIT, () => call));
    expect(before).not.toContain(429);
    await expectLimited(await call());
    // another visitor still gets through
    expect((await shop.api(path(), via(`192.0.2.${100 + n}`, init))).status).not.toBe(429);
  });

  it('gives no proxy warning when the proxy is trusted with a hop count', () => {
    expect(shop.app.logs).not.toMatch(/X-Forwarded-For but/);
    expect(shop.app.logs).not.toMatch(/maxIpsCount is not set/);
  });

  describe('without proxy trust', () => {
    let app: Playground;
    beforeAll(async () => {
      app = await Playground.start({ label: 'proxy-off' });
    });
    afterAll(async () => app?.destroy());

    const WARNING = 'requests carry X-Forwarded-For but Strapi does not trust a proxy';
    const warnings = () => app.logs.split(WARNING).length - 1;
    const prices = (init?: RequestInit) =>
      fetch(`${app.url}/api/sell-my-images/prices?fileId=999999`, init);

    it('warns once, naming the setting, when requests carry X-Forwarded-For', async () => {
      expect((await prices()).status).toBe(404);
      await sleep(300);
      expect(warnings()).toBe(0);
      for (const address of ['198.51.100.40', '198.51.100.41', '198.51.100.42']) {
        expect((await prices(via(address))).status).toBe(404);
      }
      await until(
        async () => warnings(),
        (count) => count > 0,
        10_000,
      );
      await sleep(500);
      expect(warnings()).toBe(1);
      expect(app.logs).toMatch(/server\.proxy.*koa: true, maxIpsCount/);
    });
  });
});
