/**
 * The licence table of the settings page as the form holds it (one row per licence, the
 * multiplier as typed: "1.5" for ×1.5) and its wire form (`multiplierPercent`, 150), checked
 * by the shared schema in validate.ts. Licence prices are the server's (the price preview sends
 * the multipliers; docs/architecture.md "Money rules").
 */
import type { Licence } from '../../../../shared/contracts/settings-commerce';

export interface LicenceRow {
  /** Stable React key of the row (the id may be edited). */
  key: string;
  id: string;
  name: string;
  /** The multiplier as typed, e.g. "1.5" (×1.5). */
  multiplier: string;
  text: string;
  /** The id follows the name while the admin has not typed one (rows added on this page). */
  idFollowsName: boolean;
}

let nextKey = 0;
const rowKey = () => `licence-${(nextKey += 1)}`;

/** 150 → "1.5"; 100 → "1"; 125 → "1.25". */
export function percentToMultiplier(percent: number): string {
  const whole = Math.trunc(percent / 100);
  const fraction = String(percent % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/** "1.5" or "1,5" → 150; "×3" → 300; at most two decimals; undefined when it does not read. */
export function multiplierToPercent(text: string): number | undefined {
  const match = /^[×xX*]?\s*(\d{1,6})(?:[.,](\d{0,2}))?$/.exec(text.trim());
  if (!match) return undefined;
  const [, whole, fraction = ''] = match;
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

export const rowsFromLicences = (licences: readonly Licence[]): LicenceRow[] =>
  licences.map((licence) => ({
    key: rowKey(),
    id: licence.id,
    name: licence.name,
    multiplier: percentToMultiplier(licence.multiplierPercent),
    text: licence.text,
    idFollowsName: false,
  }));

/** "Commercial use (web)" → "commercial-use-web": the schema's id (lowercase, digits, dashes). */
export function slugify(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/** `base`, or `base-2`, `base-3`… : the first id no other row has. */
export function uniqueId(base: string, taken: ReadonlyArray<string>): string {
  const root = base || 'licence';
  if (!taken.includes(root)) return root;
  for (let n = 2; ; n += 1) {
    const suffix = `-${n}`;
    const candidate = `${root.slice(0, 40 - suffix.length)}${suffix}`;
    if (!taken.includes(candidate)) return candidate;
  }
}

/** A new row named `name`, its id derived from the name and unique in `rows`. */
export function newRow(name: string, rows: readonly LicenceRow[]): LicenceRow {
  return {
    key: rowKey(),
    id: uniqueId(
      slugify(name),
      rows.map((row) => row.id),
    ),
    name,
    multiplier: '1',
    text: '',
    idFollowsName: true,
  };
}

/**
 * Renaming a row added on this page renames its id too, until the admin types an id; a saved
 * licence keeps its id (links and orders name it).
 */
export function renameRow(row: LicenceRow, name: string, rows: readonly LicenceRow[]): LicenceRow {
  if (!row.idFollowsName) return { ...row, name };
  const others = rows.filter((other) => other.key !== row.key).map((other) => other.id);
  return { ...row, name, id: uniqueId(slugify(name), others) };
}

/** The row moved by `offset` (-1 up, +1 down); unchanged at the ends. */
export function moveRow<T>(rows: readonly T[], index: number, offset: number): T[] {
  const target = index + offset;
  if (target < 0 || target >= rows.length) return [...rows];
  const next = [...rows];
  const [row] = next.splice(index, 1);
  next.splice(target, 0, row);
  return next;
}

/**
 * The licence rows the price preview prices, in order: those whose multiplier reads (the
 * server prices each one; docs/architecture.md "Money rules"), named as typed.
 */
export function previewLicences(rows: readonly LicenceRow[]): PreviewLicence[] {
  return rows.flatMap((row): PreviewLicence[] => {
    const multiplierPercent = multiplierToPercent(row.multiplier);
    return multiplierPercent ? [{ name: row.name.trim() || row.id, multiplierPercent }] : [];
  });
}

/** A licence row of the form as the preview shows it. */
export interface PreviewLicence {
  name: string;
  multiplierPercent: number;
}
