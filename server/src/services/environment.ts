import { DEFAULT_UPSAMPLER_API_URL } from '../upscalers/upsampler';

/**
 * The plugin's 12-factor configuration (DESIGN.md): environment variables override
 * whatever is stored in the settings record. Read on every call so tests and
 * operators can change them without a code path that caches stale secrets.
 */
export interface EnvironmentConfig {
  stripeSecretKey?: string;
  stripeWebhookSecret?: string;
  stripeApiUrl?: string;
  upscaler?: string;
  upsamplerApiKey?: string;
  upsamplerApiUrl: string;
  publicUrl?: string;
  storageDir?: string;
  encryptionKey?: string;
}


function read(name: string, env: NodeJS.ProcessEnv): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): EnvironmentConfig {
  return {
    stripeSecretKey: read('SMI_STRIPE_SECRET_KEY', env),
    stripeWebhookSecret: read('SMI_STRIPE_WEBHOOK_SECRET', env),
    stripeApiUrl: read('SMI_STRIPE_API_URL', env),
    upscaler: read('SMI_UPSCALER', env),
    upsamplerApiKey: read('SMI_UPSAMPLER_API_KEY', env),
    upsamplerApiUrl: read('SMI_UPSAMPLER_API_URL', env) ?? DEFAULT_UPSAMPLER_API_URL,
    publicUrl: read('SMI_PUBLIC_URL', env),
    storageDir: read('SMI_STORAGE_DIR', env),
    encryptionKey: read('SMI_ENCRYPTION_KEY', env),
  };
}
