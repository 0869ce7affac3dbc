/**
 * Where the rate-limit budgets are counted (README "Several instances", docs/architecture.md
 * "Several instances"): in Redis when `REDIS_URL` is set, else in the Strapi database itself
 * (PostgreSQL or MySQL/MariaDB, table `smi_rate_limits` over Strapi's own knex pool, so no
 * new service), else (SQLite, a single machine) in memory. `SMI_RATE_LIMIT_STORE` overrides
 * the choice. A shared store that fails (database or Redis down) never turns a request into
 * a 500: each budget falls back to an in-memory limiter of the same size (rate-limiter-flexible's
 * `insuranceLimiter`) until the store answers again.
 */
import type { Core } from '@strapi/strapi';
import { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterMySQL,
  RateLimiterPostgres,
  RateLimiterRedis,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { EnvironmentError, readSharedState, type SharedStateConfig } from '../settings/environment';
import { ensureOwnTable } from '../utils/own-tables';

export type RateLimitStoreKind = 'memory' | 'postgres' | 'mysql' | 'redis';

/** The table the database store counts in (one row per key that spent a budget). */
export const RATE_LIMIT_TABLE = 'smi_rate_limits';

/** How long bootstrap waits for Redis before starting with the in-memory fallback. */
const REDIS_CONNECT_MS = 5_000;
/** A Redis that hangs (not down) costs a request at most this before it is counted in memory. */
const REDIS_COMMAND_MS = 1_000;

/**
 * The store for this instance: the explicit `SMI_RATE_LIMIT_STORE`, else Redis with
 * `REDIS_URL`, else the database unless it is SQLite (one machine: memory is as shared as
 * it gets, and a write per request would queue behind SQLite's single writer).
 */
export function chooseRateLimitStore(
  shared: Pick<SharedStateConfig, 'rateLimitStore' | 'redisUrl'>,
  dialect: string,
): { kind: RateLimitStoreKind; warning?: string } {
  const wanted = shared.rateLimitStore ?? (shared.redisUrl ? 'redis' : 'database');
  if (wanted === 'memory') return { kind: 'memory' };
  if (wanted === 'redis') {
    if (!shared.redisUrl)
      throw new EnvironmentError('[sell-my-images] SMI_RATE_LIMIT_STORE=redis needs REDIS_URL');
    return { kind: 'redis' };
  }
  if (dialect === 'postgres' || dialect === 'mysql') return { kind: dialect };
  return {
    kind: 'memory',
    warning: shared.rateLimitStore
      ? '[sell-my-images] SMI_RATE_LIMIT_STORE=database is not available on SQLite: rate limits are counted in memory (one instance per SQLite file)'
      : undefined,
  };
}

/** Makes the limiter of each budget, on the chosen store. */
export interface LimiterStore {
  readonly kind: RateLimitStoreKind;
  limiter(keyPrefix: string, points: number, duration: number): RateLimiterAbstract;
  /** Creates the table or connects to Redis (bootstrap, before the first request). */
  prepare(): Promise<void>;
  close(): Promise<void>;
}

/** Counts in this process only (tests, SQLite, `SMI_RATE_LIMIT_STORE=memory`). */
export const memoryStore = (): LimiterStore => ({
  kind: 'memory',
  limiter: (keyPrefix, points, duration) => new RateLimiterMemory({ keyPrefix, points, duration }),
  prepare: async () => undefined,
  close: async () => undefined,
});

/**
 * Creates `smi_rate_limits` if missing, in the column order rate-limiter-flexible's
 * `INSERT … VALUES (key, points, expire)` expects.
 */
export const ensureRateLimitTable = (strapi: Core.Strapi) =>
  ensureOwnTable(strapi, RATE_LIMIT_TABLE, (table) => {
    table.string('key', 255).primary();
    table.integer('points').notNullable().defaultTo(0);
    table.bigInteger('expire').unsigned().nullable();
  });

function databaseStore(strapi: Core.Strapi, kind: 'postgres' | 'mysql'): LimiterStore {
  let cleaner = true;
  const connection = strapi.db.connection;
  const settings = connection.client.connectionSettings as { database?: string };
  return {
    kind,
    limiter(keyPrefix, points, duration) {
      const common = {
        storeClient: connection,
        storeType: 'knex',
        tableName: RATE_LIMIT_TABLE,
        tableCreated: true,
        keyPrefix,
        points,
        duration,
        // One limiter deletes the table's expired rows (every 5 minutes); they all share it.
        clearExpiredByTimeout: cleaner,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
      };
      cleaner = false;
      return kind === 'postgres'
        ? new RateLimiterPostgres({ ...common, schemaName: strapi.db.getSchemaName() })
        : new RateLimiterMySQL({ ...common, dbName: settings.database });
    },
    prepare: () => ensureRateLimitTable(strapi),
    close: async () => undefined,
  };
}

function redisStore(strapi: Core.Strapi, shared: SharedStateConfig): LimiterStore {
  // No offline queue, one retry and a command timeout: while Redis is away or stuck a
  // request is counted in memory at once instead of waiting for the reconnection.
  const redis = new Redis(shared.redisUrl ?? '', {
    keyPrefix: shared.redisPrefix,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: REDIS_CONNECT_MS,
    commandTimeout: REDIS_COMMAND_MS,
  });
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    strapi.log.warn(
      `[sell-my-images] Redis unavailable, rate limits counted in memory until it is back: ${error.message}`,
    );
  });
  redis.on('ready', () => {
    if (down) strapi.log.info('[sell-my-images] Redis is back: rate limits shared again');
    down = false;
  });
  return {
    kind: 'redis',
    limiter: (keyPrefix, points, duration) =>
      new RateLimiterRedis({
        storeClient: redis,
        rejectIfRedisNotReady: true,
        keyPrefix,
        points,
        duration,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
      }),
    async prepare() {
      // A failed first connection is logged by the error listener; ioredis keeps retrying.
      await redis.connect().catch(() => undefined);
    },
    async close() {
      redis.disconnect();
    },
  };
}

/** The store `chooseRateLimitStore` picks for this instance; its choice is logged once. */
export function createLimiterStore(
  strapi: Core.Strapi,
  env: NodeJS.ProcessEnv = process.env,
): LimiterStore {
  const shared = readSharedState(env);
  const { kind, warning } = chooseRateLimitStore(shared, String(strapi.db.dialect.client));
  if (warning) strapi.log.warn(warning);
  if (kind === 'redis') return redisStore(strapi, shared);
  if (kind === 'memory') return memoryStore();
  return databaseStore(strapi, kind);
}
