/**
 * How a scale is reached with the ESRGAN models the packages ship (2x, 3x, 4x and 8x):
 * one model pass, then, when the model's factor is below the asked scale, an
 * enlargement to exactly width × scale by height × scale. For 8x the site owner chooses
 * between the 8x model and the (much faster) 4x model followed by a Lanczos 2x.
 *
 * A whole enlargement factor (8x from the 4x model, 16x) is Lanczos-3, done per tile in
 * the inference threads (see lanczos). A fractional one (5x–7x from the 4x model, only
 * for custom resolutions) is libvips' resize, which enlarges bicubically whatever kernel
 * is asked for, so it is called bicubic wherever a person reads it.
 */
import { EIGHT_X_MODES, type EightXMode } from '../../../../shared/contracts/settings';

export const MODEL_SCALES = [2, 3, 4, 8] as const;
export type ModelScale = (typeof MODEL_SCALES)[number];

export { EIGHT_X_MODES, type EightXMode };

export const MIN_LOCAL_SCALE = 2;
export const MAX_LOCAL_SCALE = 16;

interface UpscalePlan {
  /** The asked factor. */
  scale: number;
  /** The ESRGAN model's factor. */
  modelScale: ModelScale;
  /** What the enlargement after the model adds (scale / modelScale; 1 = none). */
  resizeFactor: number;
  /** How that enlargement is made (null: none). */
  resizeMethod: 'lanczos' | 'bicubic' | null;
  /** Whole factor applied per tile in the inference threads (model × Lanczos). */
  tileFactor: number;
}

export function planUpscale(scale: number, eightXMode: EightXMode): UpscalePlan {
  if (!Number.isInteger(scale) || scale < MIN_LOCAL_SCALE || scale > MAX_LOCAL_SCALE) {
    throw new RangeError(
      `Scale must be a whole number from ${MIN_LOCAL_SCALE} to ${MAX_LOCAL_SCALE}, got ${scale}`,
    );
  }
  let modelScale: ModelScale;
  if (scale >= 8 && eightXMode === 'x8-model') modelScale = 8;
  else if (scale >= 4) modelScale = 4;
  else modelScale = scale as 2 | 3;
  const resizeFactor = scale / modelScale;
  const resizeMethod =
    resizeFactor === 1 ? null : Number.isInteger(resizeFactor) ? 'lanczos' : 'bicubic';
  return {
    scale,
    modelScale,
    resizeFactor,
    resizeMethod,
    tileFactor: resizeMethod === 'lanczos' ? scale : modelScale,
  };
}

/** e.g. 'ESRGAN slim 4x + Lanczos 2x': what a person is told about how their image is made. */
export function describePlan(modelLabel: string, plan: UpscalePlan): string {
  const resize =
    plan.resizeMethod === null
      ? ''
      : ` + ${plan.resizeMethod === 'lanczos' ? 'Lanczos' : 'bicubic'} ${Number(plan.resizeFactor.toFixed(2))}x`;
  return `${modelLabel} ${plan.modelScale}x${resize}`;
}
