/**
 * Which days of a period the analytics read from the daily summaries and which from the raw
 * jobs and clicks (docs/architecture.md "Analytics rollups"): a whole UTC day before today
 * whose summaries are current is read from them; today, later days and any day not built yet
 * (or changed since it was built) are read raw. Pure: no database here.
 */
import { DAY_MS, dayStart, isoDay } from '../../../shared/utc-days';

/** Consecutive days `[from, to)` as `YYYY-MM-DD` (the summaries' `day` column). */
export interface DayRun {
  from: string;
  to: string;
}

/** Instants `[start, end)` of the raw rows to read. */
export interface InstantRange {
  start: Date;
  end: Date;
}

export interface PeriodSplit {
  rollup: DayRun[];
  raw: InstantRange[];
  /** For the rankings: whole months of `rollup` read from the monthly summaries, the days left. */
  months?: { months: string[]; days: DayRun[] };
}

/**
 * Splits `[startMs, endMs)` (whole UTC days) into runs read from the summaries (days in
 * `covered`, strictly before the day of `nowMs`) and ranges read raw (the rest), each run
 * as long as possible so that each side is a few range conditions.
 */
export function splitPeriod(
  startMs: number,
  endMs: number,
  covered: ReadonlySet<string>,
  nowMs: number,
): PeriodSplit {
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
  const rollup: DayRun[] = [];
  const raw: InstantRange[] = [];
  for (let ms = startMs; ms < endMs; ms += DAY_MS) {
    const fromSummaries = ms < today && covered.has(isoDay(ms));
    if (fromSummaries) {
      const last = rollup[rollup.length - 1];
      if (last && last.to === isoDay(ms)) last.to = isoDay(ms + DAY_MS);
      else rollup.push({ from: isoDay(ms), to: isoDay(ms + DAY_MS) });
    } else {
      const last = raw[raw.length - 1];
      if (last && last.end.getTime() === ms) last.end = new Date(ms + DAY_MS);
      else raw.push({ start: new Date(ms), end: new Date(ms + DAY_MS) });
    }
  }
  return { rollup, raw };
}

/** The whole period read raw (rollups off, or none built). */
export const allRaw = (start: Date, end: Date): PeriodSplit => ({
  rollup: [],
  raw: [{ start, end }],
});

export interface Clause {
  sql: string;
  bindings: unknown[];
}

/** `(column >= ? AND column < ?) OR …` over ranges; no range matches no row. */
export function rangeClause(column: string, ranges: Array<[unknown, unknown]>): Clause {
  if (ranges.length === 0) return { sql: '1 = 0', bindings: [] };
  return {
    sql: `(${ranges.map(() => `(${column} >= ? AND ${column} < ?)`).join(' OR ')})`,
    bindings: ranges.flat(),
  };
}

export const rawClause = (column: string, split: PeriodSplit): Clause =>
  rangeClause(
    column,
    split.raw.map((r) => [r.start, r.end]),
  );

/**
 * The days a pass builds: every day from `firstMs`'s to yesterday that is not current,
 * newest first (recent days matter most while a year of history fills), at most `limit`.
 */
export function daysToBuild(
  firstMs: number | null,
  nowMs: number,
  current: ReadonlySet<string>,
  limit: number,
): string[] {
  if (firstMs === null) return [];
  const first = Math.floor(firstMs / DAY_MS) * DAY_MS;
  const days: string[] = [];
  for (let ms = Math.floor(nowMs / DAY_MS) * DAY_MS - DAY_MS; ms >= first; ms -= DAY_MS) {
    if (!current.has(isoDay(ms))) days.push(isoDay(ms));
    if (days.length >= limit) break;
  }
  return days;
}

/** `YYYY-MM` → the first millisecond of the next month. */
const monthEnd = (month: string): number =>
  Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1);

/** The days of a month `YYYY-MM` as `[from, to)`. */
export const monthDays = (month: string): DayRun => ({
  from: `${month}-01`,
  to: isoDay(monthEnd(month)),
});

/**
 * The rankings read whole calendar months from the monthly summaries where these are
 * current: the runs of summary days become current months inside them, and the days left.
 */
export function withMonths(
  runs: DayRun[],
  currentMonths: ReadonlySet<string>,
): { months: string[]; days: DayRun[] } {
  const months: string[] = [];
  const days: DayRun[] = [];
  const keep = (from: string, to: string) => {
    const last = days[days.length - 1];
    if (last && last.to === from) last.to = to;
    else days.push({ from, to });
  };
  for (const run of runs) {
    let ms = dayStart(run.from);
    const end = dayStart(run.to);
    while (ms < end) {
      const day = isoDay(ms);
      const month = day.slice(0, 7);
      if (day.endsWith('-01') && monthEnd(month) <= end && currentMonths.has(month)) {
        months.push(month);
        ms = monthEnd(month);
      } else {
        keep(day, isoDay(ms + DAY_MS));
        ms += DAY_MS;
      }
    }
  }
  return { months, days };
}

/** Past months (ended before the day of `nowMs`) from `firstMs`'s, not current, newest first. */
export function monthsToBuild(
  firstMs: number | null,
  nowMs: number,
  current: ReadonlySet<string>,
): string[] {
  if (firstMs === null) return [];
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
  const months: string[] = [];
  for (let month = isoDay(firstMs).slice(0, 7); monthEnd(month) <= today;) {
    if (!current.has(month)) months.unshift(month);
    month = isoDay(monthEnd(month)).slice(0, 7);
  }
  return months;
}
