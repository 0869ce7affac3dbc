import { DEFAULT_RATE_LIMITS, RATE_LIMIT_BUCKETS } from '../../server/src/config';
import { proxyTrustProblem } from '../../server/src/middlewares/proxy-trust';
import { budgetsOf, createRateLimits } from '../../server/src/middlewares/rate-limit';

const proxyTrustWarning = (ctx: Parameters<typeof proxyTrustProblem>[0]) =>
  proxyTrustProblem(ctx)?.message ?? null;

/** A request as the middlewares see it: Koa's app proxy settings, headers, address, body. */
function request({
  proxy = false,
  maxIpsCount = 0,
  headers = {} as Record<string, string>,
  ip = '203.0.113.9',
  body = {} as unknown,
} = {}) {
  return {
    app: { proxy, maxIpsCount, proxyIpHeader: 'X-Forwarded-For' },
    get: (name: string) => headers[name.toLowerCase()] ?? '',
    request: { ip, body },
  };
}

describe('proxy trust warning', () => {
  it('names server.proxy.koa and maxIpsCount when X-Forwarded-For arrives and no proxy is trusted', () => {
    const warning = proxyTrustWarning(request({ headers: { 'x-forwarded-for': '198.51.100.7' } }));
    expect(warning).toMatch(/X-Forwarded-For/);
    expect(warning).toMatch(/proxy: \{ koa: true, maxIpsCount: \d/);
    expect(warning).toMatch(/config\/server/);
  });

  it('says nothing without the header, or with a trusted proxy and a hop count', () => {
    expect(proxyTrustWarning(request())).toBeNull();
    const trusted = {
      proxy: true,
      maxIpsCount: 1,
      headers: { 'x-forwarded-for': '1.1.1.1, 2.2.2.2' },
    };
    expect(proxyTrustWarning(request(trusted))).toBeNull();
  });

  it('warns when a trusted proxy has no maxIpsCount and the header has several entries (forgeable)', () => {
    const forgeable = { proxy: true, headers: { 'x-forwarded-for': '6.6.6.6, 198.51.100.7' } };
    expect(proxyTrustWarning(request(forgeable))).toMatch(/maxIpsCount/);
    const single = { proxy: true, headers: { 'x-forwarded-for': '198.51.100.7' } };
    expect(proxyTrustWarning(request(single))).toBeNull();
  });
});

describe('rate-limit budgets', () => {
  it('has a default for every public route, two more budgets for checkout and one for the purchases lookup', () => {
    expect([...RATE_LIMIT_BUCKETS].sort()).toEqual(
      [
        'checkout',
        'checkoutPerEmail',
        'checkoutPerImage',
        'clicks',
        'downloads',
        'jobs',
        'prices',
        'upsamplerCallback',
        'previews',
        'cart',
        'purchasesLookup',
        'purchasesLookupPerEmail',
        'purchases',
      ].sort(),
    );
    for (const bucket of RATE_LIMIT_BUCKETS) {
      expect(DEFAULT_RATE_LIMITS[bucket].points).toBeGreaterThan(0);
      expect(DEFAULT_RATE_LIMITS[bucket].duration).toBeGreaterThan(0);
    }
  });

  it('counts checkout per address, per e-mail (as validated: trimmed, lower case) and per image', () => {
    const ctx = request({ body: { fileId: 12, email: '  Buyer@Example.TEST ', resolution: '4x' } });
    expect(budgetsOf('checkout', ctx)).toEqual([
      ['checkout', '203.0.113.9'],
      ['checkoutPerEmail', 'buyer@example.test'],
      ['checkoutPerImage', '12'],
    ]);
    expect(budgetsOf('checkout', request({ body: { fileId: ' abc ' } }))).toEqual([
      ['checkout', '203.0.113.9'],
      ['checkoutPerImage', 'abc'],
    ]);
    expect(budgetsOf('jobs', ctx)).toEqual([['jobs', '203.0.113.9']]);
  });

  it('counts the purchases lookup per address and per e-mail (trimmed, lower case)', () => {
    const ctx = request({ body: { email: '  Buyer@Example.TEST ' } });
    expect(budgetsOf('purchasesLookup', ctx)).toEqual([
      ['purchasesLookup', '203.0.113.9'],
      ['purchasesLookupPerEmail', 'buyer@example.test'],
    ]);
    // no address, a blank one or not a string: the per-address budget only
    for (const body of [{}, { email: '   ' }, { email: 42 }, null]) {
      expect(budgetsOf('purchasesLookup', request({ body }))).toEqual([
        ['purchasesLookup', '203.0.113.9'],
      ]);
    }
    // the e-mail budget is the lookup's only: the purchases page and checkout do not use it
    expect(budgetsOf('purchases', ctx)).toEqual([['purchases', '203.0.113.9']]);
    expect(budgetsOf('checkout', ctx).map(([bucket]) => bucket)).not.toContain(
      'purchasesLookupPerEmail',
    );
  });

  it('answers the seconds to wait once a budget is spent, per key', async () => {
    const limits = createRateLimits({ checkoutPerEmail: { points: 2, duration: 600 } });
    expect(await limits.consume('checkoutPerEmail', 'a@example.test')).toBeNull();
    expect(await limits.consume('checkoutPerEmail', 'a@example.test')).toBeNull();
    const wait = await limits.consume('checkoutPerEmail', 'a@example.test');
    expect(wait).toBeGreaterThan(590);
    expect(wait).toBeLessThanOrEqual(600);
    expect(await limits.consume('checkoutPerEmail', 'b@example.test')).toBeNull();
  });

  it('tells once per instance that a warning was given', () => {
    const limits = createRateLimits();
    expect(limits.firstTime('proxy-off')).toBe(true);
    expect(limits.firstTime('proxy-off')).toBe(false);
    expect(createRateLimits().firstTime('proxy-off')).toBe(true);
  });
});
