import { Readable } from 'node:stream';
import { minorUnitExponent } from '../../../shared/currency';
import type { ExportKind } from '../../../shared/contracts/analytics';
import type { ListParams, Period } from './params';
import { isoTimestamp, num } from './sql';
import type { AnalyticsService } from './analytics';

/** Rows per database round trip of an export (the admin tables stop at 100). */
const EXPORT_BATCH = 1000;

/** First characters a spreadsheet reads as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell (RFC 4180). Numbers the plugin computed are written as they are; every
 * text cell is quoted, and one that a spreadsheet would run as a formula gets a leading
 * apostrophe, so `=HYPERLINK(...)` in a page URL or file name stays inert text.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = String(value);
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** The header line: the plugin's own column names, plain identifiers, left unquoted. */
const headerLine = (names: string[]): string => `${names.join(',')}\r\n`;

/**
 * Integer minor units → an exact decimal string in major units (`1234`, `usd` → `12.34`),
 * written as a number cell (no float arithmetic, no currency symbol: spreadsheets sum it).
 */
export function decimalAmount(minor: number, currency: string): string {
  const exponent = minorUnitExponent(currency);
  const sign = minor < 0 ? '-' : '';
  const digits = String(Math.abs(Math.trunc(minor))).padStart(exponent + 1, '0');
  return exponent === 0
    ? `${sign}${digits}`
    : `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** A decimal string that must not be quoted (it is a number to the spreadsheet). */
class Raw {
  constructor(readonly text: string) {}
}
const rawLine = (cells: unknown[]) =>
  `${cells.map((c) => (c instanceof Raw ? c.text : csvCell(c))).join(',')}\r\n`;
const money = (minor: number, currency: string) => new Raw(decimalAmount(minor, currency));
const ratio = (value: number | null) => (value === null ? '' : new Raw(value.toFixed(4)));

export const exportFileName = (kind: ExportKind, period: Period) =>
  `sell-my-images-${kind}-${period.from}_${period.to}.csv`;

/**
 * The export as a stream of CSV lines, read from the database a page at a time: sales by
 * keyset over job ids, tables by the same aggregated query as the admin tables, so no
 * request ever holds all rows. A UTF-8 BOM first: Excel otherwise guesses the encoding.
 */
/**
 * The columns of the sales export, in order: `amount` is the price quoted, `total_paid`
 * what the buyer paid (after `discount`, with `tax`), `revenue` what the sale brings in.
 */
const SALES_HEADER = [
  ...['paid_at', 'job_id', 'payment_status', 'status', 'file_id', 'file_name', 'resolution'],
  ...['source_page', 'currency', 'amount', 'refunded', 'revenue', 'cost'],
  ...['discount', 'tax', 'total_paid', 'licence'],
];

/**
 * What one sale brings in, as analytics/sql.ts `netAmount` computes it in SQL: what was paid
 * net of tax, minus the net part of its refunds (rounded half up); a full refund brings 0.
 */
export function saleRevenue(row: Record<string, unknown>): number {
  if (row.payment_status === 'refunded') return 0;
  const paid = BigInt(num(row.amount_total ?? row.amount));
  const tax = BigInt(num(row.amount_tax));
  const refunded = BigInt(num(row.amount_refunded));
  const refundedNet =
    tax === 0n || paid === 0n ? refunded : (refunded * (paid - tax) * 2n + paid) / (2n * paid);
  return Number(paid - tax - refundedNet);
}

export function exportStream(
  analytics: AnalyticsService,
  kind: ExportKind,
  period: Period,
  list: ListParams,
): Readable {
  async function* lines(): AsyncGenerator<string> {
    yield '\uFEFF';
    if (kind === 'sales') {
      yield headerLine(SALES_HEADER);
      for await (const batch of analytics.salesBatches(period, EXPORT_BATCH)) {
        yield batch
          .map((row) => {
            const currency = String(row.currency ?? '');
            const amount = num(row.amount);
            const refunded = num(row.amount_refunded);
            const paid = num(row.amount_total ?? row.amount);
            return rawLine([
              isoTimestamp(row.paid_at),
              row.job_id,
              row.payment_status,
              row.status,
              row.file_id === null ? null : num(row.file_id),
              row.file_name,
              row.resolution,
              row.source_page,
              currency.toUpperCase(),
              money(amount, currency),
              money(refunded, currency),
              money(saleRevenue(row), currency),
              money(num(row.cost_amount), currency),
              money(num(row.amount_discount), currency),
              money(num(row.amount_tax), currency),
              money(paid, currency),
              row.licence_name,
            ]);
          })
          .join('');
      }
      return;
    }
    const images = kind === 'images';
    yield headerLine([
      ...(images ? ['file_id', 'name'] : ['source_page']),
      ...['clicks', 'sales', 'conversion', 'revenue', 'currency'],
    ]);
    for (let page = 1; ; page++) {
      const params = { ...list, page, pageSize: EXPORT_BATCH };
      const { results, pagination, currency } = images
        ? await analytics.images(period, params)
        : await analytics.pages(period, params);
      yield results
        .map((row) =>
          rawLine([
            ...('fileId' in row ? [row.fileId, row.name] : [row.sourcePage]),
            row.clicks,
            row.sales,
            ratio(row.conversion),
            money(row.revenue, currency),
            currency.toUpperCase(),
          ]),
        )
        .join('');
      if (page >= pagination.pageCount) return;
    }
  }
  return Readable.from(lines());
}
