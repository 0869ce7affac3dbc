/**
 * Which addresses an outbound download may connect to: public unicast only. Loopback is
 * allowed only when the caller says so (a loopback Upsampler, i.e. local development and
 * tests). The policy is applied twice: to IP literals in a URL before connecting, and to
 * every address a host name resolves to, inside the socket's own DNS lookup (so what is
 * checked is what the socket connects to, and DNS rebinding cannot slip through).
 * See docs/ssrf-evaluation.md for how this compares with request-filtering-agent.
 */
import dns from 'node:dns';
import net from 'node:net';

/**
 * Addresses no download may reach: private, shared, link-local, reserved, multicast,
 * documentation, benchmarking, and IPv6 forms that embed or translate an IPv4 address
 * without being a real IPv6 destination. IPv4 rules also match IPv4-mapped IPv6
 * addresses (`::ffff:a.b.c.d`), as BlockList does.
 */
const NON_PUBLIC = new net.BlockList();
for (const [address, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  NON_PUBLIC.addSubnet(address, prefix, 'ipv4');
}
for (const [address, prefix] of [
  // Unspecified, loopback and IPv4-compatible (deprecated, `::a.b.c.d`).
  ['::', 96],
  // IPv4-translated (SIIT, `::ffff:0:a.b.c.d`).
  ['::ffff:0:0:0', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  // IETF protocol assignments: Teredo, benchmarking, ORCHID, ….
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['3fff::', 20],
  ['5f00::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  NON_PUBLIC.addSubnet(address, prefix, 'ipv6');
}

const LOOPBACK = new net.BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Removes an IPv6 zone (`fe80::1%eth0`). */
function stripZone(address: string): string {
  const index = address.indexOf('%');
  return index === -1 ? address : address.slice(0, index);
}

/** The eight 16-bit groups of a valid IPv6 address, in any of its spellings. */
function ipv6Groups(address: string): number[] {
  let text = address;
  const dotted = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (dotted !== null) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const split = (part: string) => (part === '' ? [] : part.split(':'));
  const gap = text.indexOf('::');
  const head = split(gap === -1 ? text : text.slice(0, gap));
  const tail = gap === -1 ? [] : split(text.slice(gap + 2));
  const zeros = new Array<string>(8 - head.length - tail.length).fill('0');
  return [...head, ...zeros, ...tail].map((group) => parseInt(group, 16));
}

/** IPv4 embedded in a NAT64 well-known-prefix address (`64:ff9b::/96`), if any. */
function nat64Embedded(address: string): string | undefined {
  const groups = ipv6Groups(address);
  const [g0, g1, g2, g3, g4, g5, g6 = 0, g7 = 0] = groups;
  if (g0 !== 0x64 || g1 !== 0xff9b || g2 !== 0 || g3 !== 0 || g4 !== 0 || g5 !== 0)
    return undefined;
  return `${g6 >> 8}.${g6 & 255}.${g7 >> 8}.${g7 & 255}`;
}

function isLoopbackAddress(address: string): boolean {
  const ip = stripZone(stripBrackets(address));
  const family = net.isIP(ip);
  if (family === 0) return false;
  return LOOPBACK.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * True when a download must not connect to `address`: anything that is not a public
 * unicast address. Loopback is forbidden too unless `allowLoopback`. A value that is not
 * an IP address is forbidden.
 */
export function isForbiddenAddress(
  address: string,
  options: { allowLoopback?: boolean } = {},
): boolean {
  const ip = stripZone(stripBrackets(address));
  const family = net.isIP(ip);
  if (family === 0) return true;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (LOOPBACK.check(ip, type)) return options.allowLoopback !== true;
  if (NON_PUBLIC.check(ip, type)) return true;
  const embedded = family === 6 ? nat64Embedded(ip) : undefined;
  if (embedded !== undefined) return isForbiddenAddress(embedded, { allowLoopback: false });
  return false;
}

/** `localhost`, `*.localhost`, 127.0.0.0/8 or ::1. */
export function isLoopbackHostname(hostname: string): boolean {
  const host = stripBrackets(hostname).toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  return isLoopbackAddress(host);
}

/** True for an http(s) URL on a loopback host (e.g. a local Upsampler fake). */
export function isLoopbackUrl(url: string | URL): boolean {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return false;
  }
  return (
    (parsed.protocol === 'http:' || parsed.protocol === 'https:') &&
    isLoopbackHostname(parsed.hostname)
  );
}

/** The IP literal of a URL's host (brackets removed), or undefined for a host name. */
export function ipLiteralOf(url: URL): string | undefined {
  const host = stripBrackets(url.hostname);
  return net.isIP(host) === 0 ? undefined : host;
}

export const FORBIDDEN_ADDRESS_CODE = 'SMI_FORBIDDEN_ADDRESS';

/** Raised inside a guarded lookup; the download reports it as `forbidden_address`. */
export class ForbiddenAddressError extends Error {
  readonly code = FORBIDDEN_ADDRESS_CODE;
}

/**
 * A DNS lookup that refuses host names resolving to a forbidden address (any of them, so
 * a mixed answer cannot win by ordering); used as the socket's own lookup.
 */
export function guardedLookup(
  allowLoopback: boolean,
  baseLookup: typeof dns.lookup = dns.lookup,
): net.LookupFunction {
  return (hostname, options, callback) => {
    baseLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) {
        callback(error, '');
        return;
      }
      const list = addresses.filter((entry) => entry.family === 4 || entry.family === 6);
      const first = list[0];
      if (first === undefined) {
        callback(
          Object.assign(new Error(`${hostname} did not resolve`), { code: 'ENOTFOUND' }),
          '',
        );
        return;
      }
      if (list.some((entry) => isForbiddenAddress(entry.address, { allowLoopback }))) {
        callback(new ForbiddenAddressError(`${hostname} resolves to a non-public address`), '');
        return;
      }
      if (options.all === true) callback(null, list);
      else callback(null, first.address, first.family);
    });
  };
}
