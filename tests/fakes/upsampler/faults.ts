import type { JobFaults, UpsamplerFaults } from './types';

/** Upper bound of every delay a fault can set, so no timer runs unbounded. */
export const MAX_DELAY_MS = 10 * 60 * 1000;

export function defaultFaults(processingMs: number): UpsamplerFaults {
  return {
    failJobs: false,
    serverErrors: 0,
    rateLimited: { count: 0, retryAfterSeconds: 1 },
    latencyMs: 0,
    processingMs,
    loseWebhooks: false,
    corruptResult: false,
    wrongSize: false,
  };
}

export class FaultError extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readBoolean(patch: Record<string, unknown>, key: string): boolean | undefined {
  const value = patch[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new FaultError(`${key} must be a boolean`);
  return value;
}

function readCount(value: unknown, name: string, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw new FaultError(`${name} must be an integer from 0 to ${max}`);
  }
  return value;
}

const KNOWN_KEYS = new Set<string>([
  'failJobs',
  'serverErrors',
  'rateLimited',
  'latencyMs',
  'processingMs',
  'loseWebhooks',
  'corruptResult',
  'wrongSize',
]);

/**
 * Validates a partial fault set (from code or from the control endpoint's JSON body).
 * Throws a FaultError naming the first bad field.
 */
export function parseFaultPatch(patch: unknown): Partial<UpsamplerFaults> {
  if (!isRecord(patch)) throw new FaultError('faults must be a JSON object');
  for (const key of Object.keys(patch)) {
    if (!KNOWN_KEYS.has(key)) throw new FaultError(`unknown fault: ${key}`);
  }
  const result: Partial<UpsamplerFaults> = {};
  const failJobs = readBoolean(patch, 'failJobs');
  if (failJobs !== undefined) result.failJobs = failJobs;
  const loseWebhooks = readBoolean(patch, 'loseWebhooks');
  if (loseWebhooks !== undefined) result.loseWebhooks = loseWebhooks;
  const corruptResult = readBoolean(patch, 'corruptResult');
  if (corruptResult !== undefined) result.corruptResult = corruptResult;
  const wrongSize = readBoolean(patch, 'wrongSize');
  if (wrongSize !== undefined) result.wrongSize = wrongSize;
  if (patch.serverErrors !== undefined)
    result.serverErrors = readCount(patch.serverErrors, 'serverErrors', 1_000_000);
  if (patch.latencyMs !== undefined)
    result.latencyMs = readCount(patch.latencyMs, 'latencyMs', MAX_DELAY_MS);
  if (patch.processingMs !== undefined)
    result.processingMs = readCount(patch.processingMs, 'processingMs', MAX_DELAY_MS);
  if (patch.rateLimited !== undefined) {
    const limited = patch.rateLimited;
    if (!isRecord(limited))
      throw new FaultError('rateLimited must be { count, retryAfterSeconds }');
    result.rateLimited = {
      count: readCount(limited.count, 'rateLimited.count', 1_000_000),
      retryAfterSeconds: readCount(
        limited.retryAfterSeconds,
        'rateLimited.retryAfterSeconds',
        86_400,
      ),
    };
  }
  return result;
}

/** The fault switches of one fake, with the one-shot counters consumed request by request. */
export class FaultState {
  private current: UpsamplerFaults;

  constructor(private readonly defaults: UpsamplerFaults) {
    this.current = structuredClone(defaults);
  }

  get(): UpsamplerFaults {
    return structuredClone(this.current);
  }

  /** Merges a partial fault set; throws a FaultError when it is invalid. */
  set(patch: Partial<UpsamplerFaults>): UpsamplerFaults {
    this.current = { ...this.current, ...parseFaultPatch(patch) };
    return this.get();
  }

  reset(): UpsamplerFaults {
    this.current = structuredClone(this.defaults);
    return this.get();
  }

  /** The faults a job captures when it is submitted. */
  forJob(): JobFaults {
    const { failJobs, processingMs, loseWebhooks, corruptResult, wrongSize } = this.current;
    return { failJobs, processingMs, loseWebhooks, corruptResult, wrongSize };
  }

  latencyMs(): number {
    return this.current.latencyMs;
  }

  /** True when this request must answer 500 (consumes one). */
  takeServerError(): boolean {
    if (this.current.serverErrors <= 0) return false;
    this.current.serverErrors -= 1;
    return true;
  }

  /** Retry-After seconds when this request must answer 429 (consumes one), otherwise undefined. */
  takeRateLimit(): number | undefined {
    const limited = this.current.rateLimited;
    if (limited.count <= 0) return undefined;
    limited.count -= 1;
    return limited.retryAfterSeconds;
  }
}
