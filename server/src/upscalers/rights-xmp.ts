/**
 * The XMP rights packet a sold copy carries (docs/architecture.md "Rights metadata and
 * licence page"): the licence it was sold under, the order, the site that sold it, the
 * original's own copyright and creator, and the buyer's e-mail only when the owner opts in.
 * Written by the encode that makes the delivered file (sale-metadata), never a second pass.
 */
import type { Metadata } from 'sharp';

/** What the order says about a sold copy's rights (built by delivery/rights-metadata). */
export interface SaleRights {
  /** The job id. */
  orderId: string;
  /** The site's name (settings.siteName, else its public host). */
  site: string;
  /** The site's public URL. */
  siteUrl: string;
  /** The licence snapshot of the job; null when the sale had no licence choice. */
  licenceName: string | null;
  licenceText: string | null;
  /** The order's signed licence page; null without a licence. */
  licenceUrl: string | null;
  /** The buyer's e-mail, only when settings.rightsMetadataIncludesBuyer is on. */
  licensee: string | null;
}

/** What the original says of its owner, from its XMP, IPTC or EXIF (first found, in that order). */
export interface OriginalCredits {
  rights?: string;
  creator?: string;
  credit?: string;
}

/** Longest licence terms written in the file; the licence page has the whole text. */
export const MAX_USAGE_TERMS = 2000;
const MAX_CREDIT = 1000;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] !== '#') return ENTITIES[entity.toLowerCase()] ?? whole;
    const code =
      entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : +entity.slice(1);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** XML-escapes a value (text and attributes) and drops characters XML 1.0 cannot carry. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const clean = (text: string | undefined, max = MAX_CREDIT): string | undefined => {
  const trimmed = text?.replace(/\s+/g, ' ').trim().slice(0, max);
  return trimmed ? trimmed : undefined;
};

/** A property of an XMP packet as text: `<p>x</p>`, `<p><rdf:Alt><rdf:li>x</rdf:li>…` or `p="x"`. */
export function xmpProperty(xml: string, name: string): string | undefined {
  const quoted = name.replace(':', '\\:');
  const element = new RegExp(`<${quoted}(?:\\s[^>]*)?>([\\s\\S]*?)</${quoted}>`).exec(xml);
  if (element) {
    const items = [...(element[1] as string).matchAll(/<rdf:li(?:\s[^>]*)?>([\s\S]*?)<\/rdf:li>/g)];
    const parts = items.length ? items.map((item) => item[1] as string) : [element[1] as string];
    return clean(parts.map((part) => decodeXml(part.replace(/<[^>]*>/g, ''))).join('; '));
  }
  const attribute = new RegExp(`\\s${quoted}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(xml);
  return attribute ? clean(decodeXml(attribute[2] ?? attribute[3] ?? '')) : undefined;
}

/** IPTC IIM record 2 datasets (copyright notice 116, by-line 80, credit 110) of a block. */
export function iptcDatasets(iptc: Buffer | undefined): Partial<Record<number, string>> {
  const found: Partial<Record<number, string>> = {};
  if (!iptc) return found;
  for (let at = 0; at + 5 <= iptc.length; at++) {
    if (iptc[at] !== 0x1c || iptc[at + 1] !== 0x02) continue;
    const dataset = iptc[at + 2] as number;
    const length = iptc.readUInt16BE(at + 3);
    if (length & 0x8000 || at + 5 + length > iptc.length) continue;
    if (dataset === 116 || dataset === 80 || dataset === 110) {
      const text = clean(iptc.toString('utf8', at + 5, at + 5 + length));
      if (text) found[dataset] = found[dataset] ? `${found[dataset]}; ${text}` : text;
    }
    at += 4 + length;
  }
  return found;
}

/**
 * The original's copyright, creator and credit line, whichever of its blocks has them
 * (`exif`: its Artist and Copyright, as sale-metadata's ownershipTags reads them).
 */
export function originalCredits(
  original: Pick<Metadata, 'iptc' | 'xmp'>,
  exif: Partial<Record<'Artist' | 'Copyright', string>>,
): OriginalCredits {
  const xml = original.xmp?.toString('utf8') ?? '';
  const iptc = iptcDatasets(original.iptc);
  const pick = (...values: Array<string | undefined>) => values.find((value) => value);
  const credits: OriginalCredits = {
    rights: pick(xmpProperty(xml, 'dc:rights'), iptc[116], clean(exif.Copyright)),
    creator: pick(xmpProperty(xml, 'dc:creator'), iptc[80], clean(exif.Artist)),
    credit: pick(xmpProperty(xml, 'photoshop:Credit'), iptc[110]),
  };
  return Object.fromEntries(Object.entries(credits).filter(([, value]) => value));
}

/** The licence as one text: its name, then its terms, cut at `max` with the page's address. */
export function usageTerms(rights: SaleRights, max = MAX_USAGE_TERMS): string | null {
  if (!rights.licenceName) return null;
  const whole = [rights.licenceName, rights.licenceText?.trim()].filter(Boolean).join('\n\n');
  if (whole.length <= max) return whole;
  const tail = rights.licenceUrl ? `… (full terms: ${rights.licenceUrl})` : '…';
  const cut = whole.slice(0, Math.max(0, max - tail.length));
  const space = cut.lastIndexOf(' ');
  return `${space > cut.length - 40 ? cut.slice(0, space) : cut}${tail}`;
}

const alt = (text: string) =>
  `<rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(text)}</rdf:li></rdf:Alt>`;
const seq = (text: string) => `<rdf:Seq><rdf:li>${escapeXml(text)}</rdf:li></rdf:Seq>`;
const bag = (fields: string) =>
  `<rdf:Bag><rdf:li rdf:parseType="Resource">${fields}</rdf:li></rdf:Bag>`;
const prop = (name: string, value: string | null | undefined, wrap = escapeXml) =>
  value ? `   <${name}>${wrap(value)}</${name}>\n` : '';

const NAMESPACES = {
  dc: 'http://purl.org/dc/elements/1.1/',
  xmpRights: 'http://ns.adobe.com/xap/1.0/rights/',
  xmpMM: 'http://ns.adobe.com/xap/1.0/mm/',
  photoshop: 'http://ns.adobe.com/photoshop/1.0/',
  plus: 'http://ns.useplus.org/ldf/xmp/1.0/',
  smi: 'https://github.com/sell-my-images/strapi-plugin-sell-my-images/ns/1.0/',
};

/** The XMP packet of a sold copy (every value escaped). */
export function rightsXmp(rights: SaleRights, original: OriginalCredits): string {
  const terms = usageTerms(rights);
  const licensor =
    `<plus:LicensorName>${escapeXml(rights.site)}</plus:LicensorName>` +
    `<plus:LicensorURL>${escapeXml(rights.siteUrl)}</plus:LicensorURL>`;
  const body =
    '   <xmpRights:Marked>True</xmpRights:Marked>\n' +
    prop('xmpRights:WebStatement', rights.licenceUrl) +
    prop('xmpRights:UsageTerms', terms, alt) +
    prop('dc:rights', original.rights, alt) +
    prop('dc:creator', original.creator, seq) +
    prop('photoshop:Credit', original.credit) +
    prop('xmpMM:DocumentID', `urn:smi:order:${rights.orderId}`) +
    prop('smi:OrderId', rights.orderId) +
    prop('smi:Site', rights.site) +
    prop('smi:Licence', rights.licenceName) +
    `   <plus:Licensor>${bag(licensor)}</plus:Licensor>\n` +
    prop('plus:Licensee', rights.licensee, (email) =>
      bag(`<plus:LicenseeName>${escapeXml(email)}</plus:LicenseeName>`),
    );
  const xmlns = Object.entries(NAMESPACES)
    .map(([prefix, uri]) => `\n    xmlns:${prefix}="${uri}"`)
    .join('');
  return (
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>\n' +
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n' +
    ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n' +
    `  <rdf:Description rdf:about=""${xmlns}>\n${body}  </rdf:Description>\n` +
    ' </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end="w"?>'
  );
}
