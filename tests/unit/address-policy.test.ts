/**
 * The downloads' address policy (server/src/upscalers/address-policy.ts): which addresses
 * are public, IPv6 forms that embed an IPv4 address, and the guarded DNS lookup. The
 * end-to-end SSRF cases (literal URLs, DNS answers, redirects) are in upscalers.test.ts
 * under downloadResult; docs/ssrf-evaluation.md compares them with request-filtering-agent.
 */
import type dns from 'node:dns';
import type { LookupAddress } from 'node:dns';
import {
  ForbiddenAddressError,
  guardedLookup,
  isForbiddenAddress,
  isLoopbackHostname,
  isLoopbackUrl,
} from '../../server/src/upscalers/address-policy';

function forbidden(addresses: string[], allowLoopback: boolean): [string, boolean][] {
  return addresses.map((address) => [address, isForbiddenAddress(address, { allowLoopback })]);
}

const all = (addresses: string[], value: boolean): [string, boolean][] =>
  addresses.map((address) => [address, value]);

describe('isForbiddenAddress', () => {
  test('classifies addresses', () => {
    const nonPublic = [
      '10.0.0.1',
      '172.16.5.4',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      'fe80::1',
      'fe80::1%eth0',
      'fd00::1',
      'fc00::5',
      '::',
      'ff02::1',
      '::ffff:10.0.0.1',
      '64:ff9b::a00:1',
      'not-an-ip',
    ];
    expect(forbidden(nonPublic, true)).toEqual(all(nonPublic, true));
    const loopback = ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'];
    expect(forbidden(loopback, false)).toEqual(all(loopback, true));
    expect(forbidden(loopback, true)).toEqual(all(loopback, false));
    const open = ['8.8.8.8', '1.1.1.1', '172.32.0.1', '2606:4700:4700::1111', '64:ff9b::808:808'];
    expect(forbidden(open, false)).toEqual(all(open, false));
    expect(isLoopbackUrl('http://127.0.0.1:1234/api')).toBe(true);
    expect(isLoopbackUrl('http://localhost/api')).toBe(true);
    expect(isLoopbackUrl('http://[::1]:80/')).toBe(true);
    expect(isLoopbackUrl('https://upsampler.com/api/v1')).toBe(false);
    expect(isLoopbackHostname('LOCALHOST.')).toBe(true);
    expect(isLoopbackHostname('api.localhost')).toBe(true);
  });

  test('IPv4-compatible (::/96) and IPv4-translated (::ffff:0:0:0/96) addresses are forbidden, loopback allowed or not', () => {
    const embedded = [
      '::127.0.0.1',
      '::7f00:1',
      '0:0:0:0:0:0:7f00:1',
      '::10.0.0.1',
      '::a00:1',
      '::8.8.8.8',
      '::ffff:0:7f00:1',
      '::ffff:0:a00:1',
      '::ffff:0:8.8.8.8',
    ];
    expect(forbidden(embedded, false)).toEqual(all(embedded, true));
    expect(forbidden(embedded, true)).toEqual(all(embedded, true));
  });

  test('NAT64 addresses are judged by the IPv4 address they embed, however they are written', () => {
    const toPrivate = [
      '64:ff9b::a00:1',
      '64:FF9B::A00:1',
      '64:ff9b::10.0.0.1',
      '64:ff9b:0:0:0:0:a00:1',
      '64:ff9b:0::7f00:1',
      '64:ff9b::1',
      '64:ff9b::',
      '64:ff9b::a9fe:a9fe',
      '64:ff9b:1::808:808',
    ];
    expect(forbidden(toPrivate, true)).toEqual(all(toPrivate, true));
    const toPublic = ['64:ff9b::808:808', '64:ff9b::8.8.8.8', '64:ff9b:0:0:0:0:101:101'];
    expect(forbidden(toPublic, false)).toEqual(all(toPublic, false));
  });

  test('IETF protocol assignments, documentation and segment-routing prefixes are forbidden; neighbours stay public', () => {
    const reserved = ['2001::1', '2001:2::1', '2001:1ff::1', '2001:db8::1', '3fff::1', '5f00::1'];
    expect(forbidden(reserved, true)).toEqual(all(reserved, true));
    const open = ['2001:200::1', '2001:4860:4860::8888', '2a00:1450:4001::1'];
    expect(forbidden(open, false)).toEqual(all(open, false));
  });
});

describe('guardedLookup', () => {
  const resolver = (answer: LookupAddress[]) => {
    const calls: { hostname: string; all: unknown }[] = [];
    const lookup = ((
      hostname: string,
      options: { all?: boolean },
      callback: (error: null, addresses: LookupAddress[]) => void,
    ) => {
      calls.push({ hostname, all: options.all });
      callback(null, answer);
    }) as unknown as typeof dns.lookup;
    return { lookup, calls };
  };

  const resolve = (
    lookup: ReturnType<typeof guardedLookup>,
    all: boolean,
  ): Promise<{ error: NodeJS.ErrnoException | null; result: unknown; family?: number }> =>
    new Promise((done) => {
      lookup('cdn.example.test', { all }, (error, result, family) =>
        done({ error, result, ...(family !== undefined ? { family } : {}) }),
      );
    });

  test('answers in the shape asked for, always asking the resolver for every address', async () => {
    const { lookup, calls } = resolver([
      { address: '2606:4700:4700::1111', family: 6 },
      { address: '8.8.8.8', family: 4 },
    ]);
    const guarded = guardedLookup(false, lookup);
    expect(await resolve(guarded, false)).toEqual({
      error: null,
      result: '2606:4700:4700::1111',
      family: 6,
    });
    expect(await resolve(guarded, true)).toEqual({
      error: null,
      result: [
        { address: '2606:4700:4700::1111', family: 6 },
        { address: '8.8.8.8', family: 4 },
      ],
    });
    expect(calls).toEqual([
      { hostname: 'cdn.example.test', all: true },
      { hostname: 'cdn.example.test', all: true },
    ]);
  });

  test('refuses a name when any of its addresses is forbidden, whatever their order', async () => {
    for (const hidden of ['10.0.0.1', '::127.0.0.1', '64:ff9b::a9fe:a9fe', 'fe80::1%eth0']) {
      const { lookup } = resolver([
        { address: '8.8.8.8', family: 4 },
        { address: hidden, family: hidden.includes(':') ? 6 : 4 },
      ]);
      const { error } = await resolve(guardedLookup(true, lookup), false);
      expect([hidden, error]).toEqual([hidden, expect.any(ForbiddenAddressError)]);
    }
  });

  test('loopback answers pass only when loopback is allowed', async () => {
    const { lookup } = resolver([{ address: '127.0.0.1', family: 4 }]);
    expect((await resolve(guardedLookup(false, lookup), false)).error).toBeInstanceOf(
      ForbiddenAddressError,
    );
    expect(await resolve(guardedLookup(true, lookup), false)).toEqual({
      error: null,
      result: '127.0.0.1',
      family: 4,
    });
  });

  test('an empty answer is ENOTFOUND', async () => {
    const { lookup } = resolver([]);
    const { error } = await resolve(guardedLookup(false, lookup), true);
    expect(error).toMatchObject({ code: 'ENOTFOUND' });
  });
});
