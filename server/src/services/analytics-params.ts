import { z } from 'zod';

/** Longest period the analytics endpoints aggregate over (a leap year, inclusive). */
export const MAX_RANGE_DAYS = 366;
/** Period used when the query names no `from` (the last 30 days, today included). */
export const DEFAULT_RANGE_DAYS = 30;
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 10;

const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export const SORT_KEYS = ['revenue', 'sales', 'clicks', 'conversion'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export const SORTS = SORT_KEYS.flatMap((key) => [`${key}:desc`, `${key}:asc`] as const);
export const EXPORT_KINDS = ['sales', 'images', 'pages'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** A calendar day in UTC as `YYYY-MM-DD` → its first millisecond (NaN when not a real date, e.g. 2023-02-30). */
export function dayStart(day: string): number {
  const ms = Date.parse(`${day}T00:00:00.000Z`);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day ? Number.NaN : ms;
}

export const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

const daySchema = z
  .string()
  .regex(ISO_DAY, 'must be a date as YYYY-MM-DD')
  .refine((day) => !Number.isNaN(dayStart(day)), 'is not a calendar date');

const periodShape = {
  from: daySchema.optional(),
  to: daySchema.optional(),
  currency: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z]{3}$/, 'currency must be a three-letter ISO 4217 code')
    .optional(),
};

/** A resolved period: whole UTC days `from`..`to` (inclusive), i.e. instants [start, end). */
export interface Period {
  from: string;
  to: string;
  start: Date;
  end: Date;
  days: number;
  /** Asked for explicitly, or null for "the settings currency". */
  currency: string | null;
}

export interface ListParams {
  sort: SortKey;
  direction: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

/**
 * Defaults and cross-field rules of a period. `now` is passed in so that "today" is
 * read once per request (and so the rule is testable).
 */
function resolvePeriod(
  input: { from?: string; to?: string; currency?: string },
  ctx: z.RefinementCtx,
  now: number,
): Period {
  const to = input.to ?? isoDay(now);
  const endMs = dayStart(to) + DAY_MS;
  const from = input.from ?? isoDay(endMs - DEFAULT_RANGE_DAYS * DAY_MS);
  const startMs = dayStart(from);
  const days = Math.round((endMs - startMs) / DAY_MS);
  if (startMs >= endMs) {
    ctx.addIssue({ code: 'custom', path: ['from'], message: 'from must be on or before to' });
  } else if (days > MAX_RANGE_DAYS) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: `the period is at most ${MAX_RANGE_DAYS} days`,
    });
  }
  return {
    from,
    to,
    start: new Date(startMs),
    end: new Date(endMs),
    days,
    currency: input.currency ?? null,
  };
}

const page = z.coerce.number().int('page must be a whole number').min(1).max(1_000_000).default(1);
const pageSize = z.coerce
  .number()
  .int('pageSize must be a whole number')
  .min(1)
  .max(MAX_PAGE_SIZE)
  .default(DEFAULT_PAGE_SIZE);
const sort = z
  .enum(SORTS, { error: `sort must be one of ${SORTS.join(', ')}` })
  .default('revenue:desc');

const toList = (value: {
  sort: (typeof SORTS)[number];
  page: number;
  pageSize: number;
}): ListParams => {
  const [key, direction] = value.sort.split(':') as [SortKey, 'asc' | 'desc'];
  return { sort: key, direction, page: value.page, pageSize: value.pageSize };
};

/** `GET /analytics/overview` query: `from`, `to`, `currency`; unknown parameters are refused. */
export const overviewQuery = (now = Date.now()) =>
  z
    .object(periodShape)
    .strict()
    .transform((input, ctx) => resolvePeriod(input, ctx, now));

/** `GET /analytics/images|pages` query: a period plus `sort`, `page`, `pageSize`. */
export const listQuery = (now = Date.now()) =>
  z
    .object({ ...periodShape, sort, page, pageSize })
    .strict()
    .transform((input, ctx) => ({ period: resolvePeriod(input, ctx, now), list: toList(input) }));

/** `GET /analytics/export` query: `kind` (sales|images|pages), a period and, for the tables, `sort`. */
export const exportQuery = (now = Date.now()) =>
  z
    .object({
      ...periodShape,
      kind: z.enum(EXPORT_KINDS, { error: `kind must be one of ${EXPORT_KINDS.join(', ')}` }),
      sort,
    })
    .strict()
    .transform((input, ctx) => ({
      kind: input.kind,
      period: resolvePeriod(input, ctx, now),
      list: toList({ ...input, page: 1, pageSize: MAX_PAGE_SIZE }),
    }));
