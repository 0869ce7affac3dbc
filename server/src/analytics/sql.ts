import type { Core } from '@strapi/strapi';
import { JOB_UID } from '../plugin-id';
import { CLICK_UID } from './clicks';

/**
 * SQL shared by the revenue summary and the analytics endpoints. Every aggregate runs
 * in the database (GROUP BY), on SQLite, PostgreSQL and MySQL/MariaDB alike.
 */

/**
 * A sale: paid, possibly partly refunded, or disputed (it counts until the dispute is lost,
 * then it is refunded). A fully refunded job is no sale (counted apart).
 */
const SALE_STATUSES = ['paid', 'partially_refunded', 'disputed'] as const;
/** Every job that was paid at some point: the sales plus the full refunds. */
export const PAID_STATUSES = [...SALE_STATUSES, 'refunded'] as const;

/** Literal SQL list of the sale statuses (constants, not user input). */
export const SALE_LIST = SALE_STATUSES.map((s) => `'${s}'`).join(', ');
export const PAID_LIST = PAID_STATUSES.map((s) => `'${s}'`).join(', ');

export const IS_SALE = `payment_status IN (${SALE_LIST})`;

/**
 * A buy-button click: kind `buy`, or NULL for the clicks stored before clicks had a kind
 * (previews seen and cart additions are counted apart: docs/architecture.md "Previews,
 * cart and purchases").
 */
export const IS_BUY_CLICK = "(kind = 'buy' OR kind IS NULL)";

type Dialect = 'sqlite' | 'postgres' | 'mysql';

/** What the buyer paid (after discounts, with any tax), the tax in it and what was refunded. */
const PAID = 'COALESCE(amount_total, amount)';
const TAX = 'COALESCE(amount_tax, 0)';
const REFUNDED = 'COALESCE(amount_refunded, 0)';

/** Integer division of non-negative integers (SQLite and PostgreSQL divide integers whole). */
function intDiv(dialect: Dialect, numerator: string, denominator: string): string {
  return dialect === 'mysql'
    ? `((${numerator}) DIV (${denominator}))`
    : `((${numerator}) / (${denominator}))`;
}

/** 64-bit arithmetic from here: PostgreSQL's integer columns are 32 bits (MySQL and SQLite compute in 64). */
const big = (dialect: Dialect, expression: string): string =>
  dialect === 'postgres' ? `CAST(${expression} AS BIGINT)` : expression;

/**
 * The part of the refunds that was not tax: refunds give back what was paid, tax included,
 * so a partial refund of a taxed sale takes the tax back in proportion (rounded half up).
 */
function refundedNet(dialect: Dialect): string {
  const share = intDiv(
    dialect,
    `${big(dialect, REFUNDED)} * (${PAID} - ${TAX}) * 2 + ${PAID}`,
    `2 * ${PAID}`,
  );
  return `CASE WHEN ${TAX} = 0 OR ${PAID} = 0 THEN ${REFUNDED} ELSE ${share} END`;
}

/**
 * What a sale brings in (docs/architecture.md "Money rules"): what was paid, after discounts
 * and net of tax, minus the net part of its refunds. Without tax nor discount: the amount
 * charged minus what was refunded of it. A fully refunded job is no sale (`IS_SALE`).
 */
export function netAmount(dialect: Dialect): string {
  return `(${PAID} - ${TAX} - (${refundedNet(dialect)}))`;
}

/** The tax a sale keeps: its tax minus the tax part of its refunds. */
export function keptTax(dialect: Dialect): string {
  return `(CASE WHEN ${TAX} = 0 THEN 0 ELSE ${TAX} - (${REFUNDED} - (${refundedNet(dialect)})) END)`;
}

/** The discount a promotion code gave on a sale. */
export const DISCOUNT = 'COALESCE(amount_discount, 0)';

export function dialectOf(strapi: Core.Strapi): Dialect {
  const client = String(strapi.db.dialect.client);
  if (client === 'postgres' || client === 'mysql') return client;
  return 'sqlite';
}

export function tables(strapi: Core.Strapi) {
  return {
    jobs: strapi.db.metadata.get(JOB_UID).tableName,
    clicks: strapi.db.metadata.get(CLICK_UID).tableName,
  };
}

/** The IANA zone of this Node.js process, when its name is safe to inline in SQL. */
function processTimeZone(): string | null {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && /^[A-Za-z0-9_+\-/]+$/.test(zone) ? zone : null;
}

/** `+02:00`: the process's current offset from UTC (MySQL fallback when it has no zone tables). */
function currentOffset(): string {
  const minutes = -new Date().getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const isUtc = (zone: string | null) =>
  zone === null || zone === 'UTC' || zone === 'Etc/UTC' || zone === 'Etc/GMT' || zone === 'GMT';

/**
 * SQL for the UTC calendar day (`YYYY-MM-DD`) of a Strapi datetime column. How Strapi 5
 * stores a `datetime` decides it:
 * - SQLite: knex's better-sqlite3 client binds a `Date` as its epoch milliseconds
 *   (`_formatBindings`), and Strapi's query layer turns every datetime into a `Date`, so
 *   the column holds integer milliseconds (a raw ISO string is handled too).
 * - PostgreSQL: `timestamp(6) without time zone`; node-postgres writes a `Date` as the
 *   process's local wall-clock time (the offset it sends is dropped by the column type),
 *   so the value is converted from the process's zone to UTC first.
 * - MySQL/MariaDB: `datetime(6)`, written by mysql2 in the process's local time as well;
 *   CONVERT_TZ with the zone name needs the server's zone tables, else the current offset.
 * Range filters need none of this: they bind `Date`s, which each driver converts the same
 * way it converted the stored values, so the comparison is exact and uses the indexes.
 */
export function utcDay(dialect: Dialect, column: string): string {
  const zone = processTimeZone();
  switch (dialect) {
    case 'postgres':
      return isUtc(zone)
        ? `to_char(${column}, 'YYYY-MM-DD')`
        : `to_char((${column} AT TIME ZONE '${zone}') AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;
    case 'mysql':
      return isUtc(zone)
        ? `DATE_FORMAT(${column}, '%Y-%m-%d')`
        : `DATE_FORMAT(COALESCE(CONVERT_TZ(${column}, '${zone}', '+00:00'), CONVERT_TZ(${column}, '${currentOffset()}', '+00:00')), '%Y-%m-%d')`;
    default:
      return `CASE WHEN typeof(${column}) IN ('integer', 'real') THEN strftime('%Y-%m-%d', ${column} / 1000, 'unixepoch') ELSE substr(${column}, 1, 10) END`;
  }
}

/**
 * A datetime read with a raw query → ISO 8601 UTC. SQLite gives epoch milliseconds,
 * PostgreSQL and MySQL give a `Date` (parsed in the process's zone, as written).
 */
export function isoTimestamp(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  const date =
    value instanceof Date
      ? value
      : typeof value === 'number' || /^\d+$/.test(String(value))
        ? new Date(Number(value))
        : new Date(String(value));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Drivers return SUM/COUNT as numbers, bigint strings (pg) or decimals: always a number. */
export const num = (value: unknown): number => {
  const n = Number(value ?? 0);
  return Number.isFinite(n) ? n : 0;
};
