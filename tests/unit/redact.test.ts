/**
 * Secrets in the plugin's URLs never reach a log: the redaction itself, and the wrapper
 * that makes Strapi's request logger (`strapi::logger`) read redacted URLs while the
 * request keeps its real one.
 */
import type { Context, Next } from 'koa';
import { withRedactedUrls } from '../../server/src/middlewares/redacted-request-log';
import { redactSecrets } from '../../server/src/utils/redact';

const TOKEN = 'gIGDWy8OPuOJ3wmKFppai-BSN1A-XRU32va2F48vbU8';
const SESSION = 'cs_test_a1VsFq3ws2Ym8gY7QOeuFw4Rpd8fBDvXtMr1c7BO3wddS00oMUam2tY7cc';

describe('redactSecrets', () => {
  test.each([
    [
      'a download token',
      `/api/sell-my-images/downloads/${TOKEN}`,
      '/api/sell-my-images/downloads/[redacted]',
    ],
    [
      'a Checkout Session id in the status poll',
      `/api/sell-my-images/jobs/0b6f?session=${SESSION}`,
      '/api/sell-my-images/jobs/0b6f?session=[redacted]',
    ],
    [
      'the callback signature, keeping the job id',
      'https://shop.example/api/sell-my-images/webhooks/upsampler?job=0b6f&sig=abcDEF123',
      'https://shop.example/api/sell-my-images/webhooks/upsampler?job=0b6f&sig=[redacted]',
    ],
    [
      'a buyer return URL',
      `https://site.example/p?smi_job=0b6f&smi_session=${SESSION}#top`,
      'https://site.example/p?smi_job=0b6f&smi_session=[redacted]#top',
    ],
    [
      'a URL quoted in a message',
      `Upsampler refused the job (bad webhook https://x.example/hook?sig=s3cr3t: unreachable)`,
      'Upsampler refused the job (bad webhook https://x.example/hook?sig=[redacted]: unreachable)',
    ],
    ['a bare Checkout Session id', `session ${SESSION} expired`, 'session cs_[redacted] expired'],
    [
      "a buyer's address in the privacy export",
      '/sell-my-images/privacy/export?email=ada%40example.test&x=1',
      '/sell-my-images/privacy/export?email=[redacted]&x=1',
    ],
    [
      "a buyer's address searched for in the jobs list",
      '/sell-my-images/jobs?page=2&q=ada%40example.test&status=failed',
      '/sell-my-images/jobs?page=2&q=[redacted]&status=failed',
    ],
  ])('hides %s', (_, text, redacted) => {
    expect(redactSecrets(text)).toBe(redacted);
  });

  test('leaves other URLs alone', () => {
    const url = '/api/sell-my-images/prices?fileId=12&sort=asc';
    expect(redactSecrets(url)).toBe(url);
  });
});

describe("Strapi's request logger", () => {
  /** A stand-in for `strapi::logger`: logs the URL after the request was answered. */
  const lines: string[] = [];
  const logger = () => async (ctx: Context, next: Next) => {
    await next();
    lines.push(`${ctx.method} ${ctx.url} ${ctx.status}`);
  };
  const strapi = {
    config: {
      get: (key: string, fallback: unknown) => (key === 'api.rest.prefix' ? '/shop' : fallback),
    },
  } as never;

  async function request(url: string) {
    const ctx = { method: 'GET', url, status: 404 } as Context;
    Object.defineProperty(ctx, 'path', { get: () => ctx.url.split('?')[0] });
    let seen = '';
    await withRedactedUrls(logger)({}, { strapi: strapi as never })(ctx, async () => {
      seen = ctx.url;
      ctx.status = 200;
    });
    return seen;
  }

  beforeEach(() => lines.splice(0));

  test("logs the plugin's routes under the configured prefix without their secrets", async () => {
    const url = `/shop/sell-my-images/downloads/${TOKEN}`;
    expect(await request(url)).toBe(url);
    expect(lines).toEqual(['GET /shop/sell-my-images/downloads/[redacted] 200']);
  });

  test("logs the admin's privacy export without the buyer's address", async () => {
    await request('/sell-my-images/privacy/export?email=ada%40example.test');
    expect(lines).toEqual(['GET /sell-my-images/privacy/export?email=[redacted] 200']);
  });

  test('logs every other route as it is', async () => {
    const url = '/shop/photos?session=keep';
    await request(url);
    expect(lines).toEqual([`GET ${url} 200`]);
  });
});
