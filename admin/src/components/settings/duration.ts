/** A duration split for a short human reading: "45 s", "3 min", "1 h 5 min". */
export type DurationParts =
  | { unit: 'seconds'; seconds: number }
  | { unit: 'minutes'; minutes: number }
  | { unit: 'hours'; hours: number; minutes: number };

/** Seconds under a minute, whole minutes under an hour, then hours and minutes (rounded to the nearest unit shown). */
export function durationParts(seconds: number): DurationParts {
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return { unit: 'seconds', seconds: whole };
  const minutes = Math.round(whole / 60);
  if (minutes < 60) return { unit: 'minutes', minutes };
  return { unit: 'hours', hours: Math.floor(minutes / 60), minutes: minutes % 60 };
}
