/** Period presets and the rules the server applies too (server/src/services/analytics-params.ts). */
export const PRESETS = ['7', '30', '90'] as const;
export type Preset = (typeof PRESETS)[number] | 'custom';

/** Same limit as the server: a longer period is refused with a 400. */
export const MAX_RANGE_DAYS = 366;
const DAY_MS = 86_400_000;

export const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The last `days` UTC days, today included. */
export function presetRange(
  preset: Exclude<Preset, 'custom'>,
  now = Date.now(),
): { from: string; to: string } {
  return { from: utcDay(now - (Number(preset) - 1) * DAY_MS), to: utcDay(now) };
}

export type RangeProblem = 'missing' | 'order' | 'tooLong';

/** Why a custom range cannot be asked for, or null when it can. */
export function rangeProblem(from: string, to: string): RangeProblem | null {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (Number.isNaN(start) || Number.isNaN(end)) return 'missing';
  if (start > end) return 'order';
  return (end - start) / DAY_MS + 1 > MAX_RANGE_DAYS ? 'tooLong' : null;
}
