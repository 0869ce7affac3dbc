/**
 * Whole UTC days, written `YYYY-MM-DD`: the periods of the analytics and the date
 * filters of the jobs list are made of them.
 */
export const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` → its first millisecond (UTC); NaN when it is not a calendar date (2023-02-30). */
export function dayStart(day: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(day) ? Date.parse(`${day}T00:00:00.000Z`) : Number.NaN;
  return Number.isNaN(ms) || isoDay(ms) !== day ? Number.NaN : ms;
}

/** An instant → its UTC day `YYYY-MM-DD`. */
export const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * A filter bound as an instant range edge: a date-only value covers its whole UTC day
 * (`start` its first millisecond, `end` the first millisecond of the next day, exclusive);
 * a datetime is taken as it is (for `end`, inclusive: one millisecond is added).
 */
export function boundInstant(value: string, edge: 'start' | 'end'): number {
  if (value.includes('T')) return Date.parse(value) + (edge === 'end' ? 1 : 0);
  return dayStart(value) + (edge === 'end' ? DAY_MS : 0);
}
