/** Period presets and the rules the server applies too (server/src/analytics/params.ts). */
import { DAY_MS, dayStart, isoDay } from '../../../../shared/utc-days';

export const PRESETS = ['7', '30', '90'] as const;
export type Preset = (typeof PRESETS)[number] | 'custom';

/** Same limit as the server (not in shared/contracts yet): a longer period is refused with a 400. */
export { MAX_RANGE_DAYS } from '../../../../shared/contracts/analytics';
import { MAX_RANGE_DAYS } from '../../../../shared/contracts/analytics';

/** The last `days` UTC days, today included. */
export function presetRange(
  preset: Exclude<Preset, 'custom'>,
  now = Date.now(),
): { from: string; to: string } {
  return { from: isoDay(now - (Number(preset) - 1) * DAY_MS), to: isoDay(now) };
}

export type RangeProblem = 'missing' | 'order' | 'tooLong';

/** Why a custom range cannot be asked for, or null when it can. */
export function rangeProblem(from: string, to: string): RangeProblem | null {
  const start = dayStart(from);
  const end = dayStart(to);
  if (Number.isNaN(start) || Number.isNaN(end)) return 'missing';
  if (start > end) return 'order';
  return (end - start) / DAY_MS + 1 > MAX_RANGE_DAYS ? 'tooLong' : null;
}
