/**
 * The plugin's 12-factor configuration (README "Configuration"): environment variables
 * override whatever is stored in the settings record. Read on every call so tests and
 * operators can change them without a code path that caches stale secrets.
 */

/** Where Upsampler's API lives unless SMI_UPSAMPLER_API_URL says otherwise. */
export const DEFAULT_UPSAMPLER_API_URL = 'https://upsampler.com/api/v1';

/** Variables that are not settings; the ones that override settings are in settings.ENV_OVERRIDES. */
interface EnvironmentConfig {
  stripeApiUrl?: string;
  upsamplerApiUrl: string;
  publicUrl?: string;
  storageDir?: string;
  encryptionKey?: string;
  /** Turns the Prometheus endpoint on (README "Monitoring"). */
  metricsToken?: string;
}

function read(name: string, env: NodeJS.ProcessEnv): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): EnvironmentConfig {
  return {
    stripeApiUrl: read('SMI_STRIPE_API_URL', env),
    upsamplerApiUrl: read('SMI_UPSAMPLER_API_URL', env) ?? DEFAULT_UPSAMPLER_API_URL,
    publicUrl: read('SMI_PUBLIC_URL', env),
    storageDir: read('SMI_STORAGE_DIR', env),
    encryptionKey: read('SMI_ENCRYPTION_KEY', env),
    metricsToken: read('SMI_METRICS_TOKEN', env),
  };
}
