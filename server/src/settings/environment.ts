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

/** An environment variable with a value outside its list stops Strapi, naming it. */
export class EnvironmentError extends Error {}

function oneOf<T extends string>(
  name: string,
  allowed: readonly T[],
  env: NodeJS.ProcessEnv,
): T | undefined {
  const value = read(name, env)?.toLowerCase();
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new EnvironmentError(
    `[sell-my-images] ${name} must be one of ${allowed.join(', ')} (got "${value}")`,
  );
}

/**
 * The instance's role (README "Several instances"): `SMI_WORKER=off` serves requests and
 * never claims jobs; `on` (the default) also runs the fulfilment worker.
 */
export function workerEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return oneOf('SMI_WORKER', ['on', 'off'], env) !== 'off';
}

export const RATE_LIMIT_STORES = ['memory', 'database', 'redis'] as const;
export type RateLimitStoreName = (typeof RATE_LIMIT_STORES)[number];

/** Where the rate-limit budgets are counted (README "Several instances"). */
export interface SharedStateConfig {
  /** `SMI_RATE_LIMIT_STORE`, when set. */
  rateLimitStore?: RateLimitStoreName;
  /** `REDIS_URL`, when set. */
  redisUrl?: string;
  /** `SMI_REDIS_PREFIX`: every key the plugin writes to Redis starts with it. */
  redisPrefix: string;
}

export function readSharedState(env: NodeJS.ProcessEnv = process.env): SharedStateConfig {
  return {
    rateLimitStore: oneOf('SMI_RATE_LIMIT_STORE', RATE_LIMIT_STORES, env),
    redisUrl: read('REDIS_URL', env),
    redisPrefix: read('SMI_REDIS_PREFIX', env) ?? 'sell-my-images:',
  };
}
