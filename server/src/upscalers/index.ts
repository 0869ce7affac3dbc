/**
 * Upscaler providers behind one interface, chosen by name (settings / SMI_UPSCALER).
 */
import { UpscalerError } from './errors';
import { localAiAvailability } from './local-ai/calibration';
import type { LocalAiEngineSetting } from './local-ai/engines';
import {
  createLocalAiUpscaler,
  LOCAL_AI_LABEL,
  LOCAL_AI_LIMITS,
  type LocalAiUpscalerOptions,
} from './local-ai/provider';
import {
  createSharpUpscaler,
  SHARP_LIMITS,
  SHARP_UPSCALER_LABEL,
  type SharpUpscalerOptions,
} from './sharp';
import type { Upscaler, UpscalerLimits, UpscalerName } from './types';
import {
  createUpsamplerClient,
  UPSAMPLER_LABEL,
  UPSAMPLER_LIMITS,
  type UpsamplerClientOptions,
} from './upsampler';

export * from './errors';
export * from './types';
export { createSharpUpscaler, SHARP_UPSCALER_LABEL, type SharpUpscalerOptions } from './sharp';
export {
  createUpsamplerClient,
  DEFAULT_UPSAMPLER_API_URL,
  mapUpsamplerStatus,
  parseUpsamplerStatusBody,
  UPSAMPLER_LABEL,
  type UpsamplerClientOptions,
  type UpsamplerStatusBody,
} from './upsampler';
export {
  createLocalAiUpscaler,
  LOCAL_AI_LABEL,
  type LocalAiUpscalerOptions,
} from './local-ai/provider';

const UPSCALER_NAMES: readonly UpscalerName[] = ['upsampler', 'sharp', 'local-ai'];

/** What people see for each provider (the non-AI one says so). */
export const UPSCALER_LABELS: Readonly<Record<UpscalerName, string>> = {
  upsampler: UPSAMPLER_LABEL,
  sharp: SHARP_UPSCALER_LABEL,
  'local-ai': LOCAL_AI_LABEL,
};

export const UPSCALER_IS_AI: Readonly<Record<UpscalerName, boolean>> = {
  upsampler: true,
  sharp: false,
  'local-ai': true,
};

/** What each provider takes, as it declares it next to its code (read by the quote). */
export const UPSCALER_LIMITS: Readonly<Record<UpscalerName, UpscalerLimits>> = {
  upsampler: UPSAMPLER_LIMITS,
  sharp: SHARP_LIMITS,
  'local-ai': LOCAL_AI_LIMITS,
};

/** What the chosen provider can do: the quote offers no option beyond it (commerce/pricing). */
export interface UpscalerCapability {
  /** False when it cannot run at all: Upsampler without an API key, local-ai without its packages. */
  ready: boolean;
  limits: UpscalerLimits;
}

/** The capability of the provider the settings choose (null for an unknown name: nothing can be made). */
export function upscalerCapability(settings: {
  upscaler: string;
  upsamplerApiKey: string | null;
  localAiEngine?: LocalAiEngineSetting;
}): UpscalerCapability | null {
  const name = settings.upscaler;
  if (!isUpscalerName(name)) return null;
  const ready =
    name === 'upsampler'
      ? Boolean(settings.upsamplerApiKey?.trim())
      : name === 'local-ai'
        ? localAiAvailability(settings.localAiEngine).available
        : true;
  return { ready, limits: UPSCALER_LIMITS[name] };
}

export function isUpscalerName(value: unknown): value is UpscalerName {
  return typeof value === 'string' && (UPSCALER_NAMES as readonly string[]).includes(value);
}

interface UpscalerFactoryOptions {
  upsampler?: UpsamplerClientOptions;
  sharp?: SharpUpscalerOptions;
  /** Its runner lives as long as the Strapi instance (upscalers/local-ai/service). */
  localAi?: LocalAiUpscalerOptions;
}

/**
 * The provider called `name`, built from its part of `options`. Throws an UpscalerError
 * (permanent, code `bad_config`) for an unknown name, a provider that is not available in
 * this build, or missing options.
 */
export function createUpscaler(name: string, options: UpscalerFactoryOptions): Upscaler {
  const badConfig = (message: string) =>
    new UpscalerError(message, { kind: 'permanent', code: 'bad_config' });
  if (!isUpscalerName(name))
    throw badConfig(
      `Unknown upscaler "${name.slice(0, 50)}" (expected ${UPSCALER_NAMES.join(', ')})`,
    );
  switch (name) {
    case 'upsampler':
      if (!options.upsampler)
        throw badConfig('The upsampler upscaler needs an API key and base URL');
      return createUpsamplerClient(options.upsampler);
    case 'sharp':
      if (!options.sharp) throw badConfig('The sharp upscaler needs a work folder');
      return createSharpUpscaler(options.sharp);
    case 'local-ai':
      if (!options.localAi)
        throw badConfig(
          'The local-ai upscaler is not available without its runner and work folder',
        );
      return createLocalAiUpscaler(options.localAi);
  }
}
