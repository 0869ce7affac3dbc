import { Playground } from './helpers/playground';

/** The frontend helper as a script served by the plugin: cacheable, with a content-hash ETag. */
describe('GET /api/sell-my-images/client.js', () => {
  let app: Playground;
  beforeAll(async () => {
    app = await Playground.start({ label: 'client-script' });
  });
  afterAll(async () => app?.destroy());

  it('serves the built helper with an ETag and answers 304 to a revalidation', async () => {
    const res = await fetch(`${app.url}/api/sell-my-images/client.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/javascript/);
    expect(res.headers.get('cache-control')).toContain('max-age=3600');
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{16}"$/);
    const body = await res.text();
    expect(body).toContain('SellMyImages');
    // Minified: about 24 KB raw with every feature (unminified it is over twice that).
    expect(Buffer.byteLength(body)).toBeLessThan(30_000);
    const again = await fetch(`${app.url}/api/sell-my-images/client.js`, {
      headers: { 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
  });
});
