/**
 * Upscaler providers behind one interface, chosen by name (settings / SMI_UPSCALER).
 */
import { UpscalerError } from './errors';
import { createSharpUpscaler, SHARP_UPSCALER_LABEL, type SharpUpscalerOptions } from './sharp';
import type { Upscaler, UpscalerName } from './types';
import { createUpsamplerClient, UPSAMPLER_LABEL, type UpsamplerClientOptions } from './upsampler';
import {
  createLocalAiUpscaler,
  LOCAL_AI_LABEL,
  type LocalAiUpscalerOptions,
} from './local-ai/provider';

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
