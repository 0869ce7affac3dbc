/**
 * How a scale is reached with the ESRGAN models the packages ship (2x, 3x, 4x and 8x):
 * one model pass, then, when the model's factor is below the asked scale, an
 * enlargement to exactly width × scale by height × scale. For 8x the site owner chooses
 * between the 8x model and the (much faster) 4x model followed by a 2x enlargement.
 *
 * That enlargement is libvips' (sharp's) resize, which interpolates bicubically when it
 * enlarges whatever kernel is asked for (Lanczos only applies to reductions), so it is
 * called bicubic wherever a person reads it.
 */

export const MODEL_SCALES = [2, 3, 4, 8] as const;
export type ModelScale = (typeof MODEL_SCALES)[number];

export const EIGHT_X_MODES = ['x8-model', 'x4-bicubic'] as const;
export type EightXMode = (typeof EIGHT_X_MODES)[number];

export const MIN_LOCAL_SCALE = 2;
export const MAX_LOCAL_SCALE = 16;

export interface UpscalePlan {
  /** The asked factor. */
  scale: number;
  /** The ESRGAN model's factor. */
  modelScale: ModelScale;
  /** What the bicubic enlargement after the model adds (scale / modelScale; 1 = none). */
  resizeFactor: number;
}

export function planUpscale(scale: number, eightXMode: EightXMode): UpscalePlan {
  if (!Number.isInteger(scale) || scale < MIN_LOCAL_SCALE || scale > MAX_LOCAL_SCALE) {
    throw new RangeError(`Scale must be a whole number from ${MIN_LOCAL_SCALE} to ${MAX_LOCAL_SCALE}, got ${scale}`);
  }
  let modelScale: ModelScale;
  if (scale >= 8 && eightXMode === 'x8-model') modelScale = 8;
  else if (scale >= 4) modelScale = 4;
  else modelScale = scale as 2 | 3;
  return { scale, modelScale, resizeFactor: scale / modelScale };
}

/** e.g. 'ESRGAN slim 4x + bicubic 2x': what a person is told about how their image is made. */
export function describePlan(modelLabel: string, plan: UpscalePlan): string {
  const resize = plan.resizeFactor === 1 ? '' : ` + bicubic ${Number(plan.resizeFactor.toFixed(2))}x`;
  return `${modelLabel} ${plan.modelScale}x${resize}`;
}
