import { z } from 'zod';
import {
  ANALYTICS_SORT_KEYS,
  EXPORT_KINDS,
  MAX_RANGE_DAYS,
  type AnalyticsSortKey,
} from '../../../shared/contracts/analytics';
import { DAY_MS, dayStart, isoDay } from '../../../shared/utc-days';
import { pageParams } from '../validation/query';

/** Period used when the query names no `from` (the last 30 days, today included). */
const DEFAULT_RANGE_DAYS = 30;
const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 10;

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export type SortKey = AnalyticsSortKey;
const SORTS = ANALYTICS_SORT_KEYS.flatMap((key) => [`${key}:desc`, `${key}:asc`] as const);

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

const { page, pageSize } = pageParams(DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
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
