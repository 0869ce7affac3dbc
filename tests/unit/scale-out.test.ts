import type { Core } from '@strapi/strapi';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { supportsSkipLocked } from '../../server/src/fulfilment/queue';
import { createRateLimits } from '../../server/src/middlewares/rate-limit';
import {
  chooseRateLimitStore,
  createLimiterStore,
  type LimiterStore,
} from '../../server/src/middlewares/rate-limit-store';
import {
  createCacheStamps,
  type StampName,
  type StampStore,
} from '../../server/src/settings/cache-stamps';
import {
  EnvironmentError,
  readSharedState,
  workerEnabled,
} from '../../server/src/settings/environment';
import { rateLimitKey } from '../../server/src/settings/keys';

/** Several instances (README "Several instances"): roles, shared rate limits, cache stamps. */

describe('worker role (SMI_WORKER)', () => {
  it('is on by default and with on, off only with off', () => {
    expect(workerEnabled({})).toBe(true);
    expect(workerEnabled({ SMI_WORKER: 'on' })).toBe(true);
    expect(workerEnabled({ SMI_WORKER: ' OFF ' })).toBe(false);
  });

  it('refuses another value, naming the variable', () => {
    expect(() => workerEnabled({ SMI_WORKER: 'no' })).toThrow(EnvironmentError);
    expect(() => workerEnabled({ SMI_WORKER: 'no' })).toThrow(/SMI_WORKER must be one of on, off/);
  });
});

describe('claim method', () => {
  it.each([
    ['postgres', '', true],
    ['mysql', '8.0.35', true],
    ['mysql', '8.4.0-log', true],
    ['mysql', '5.7.44', false],
    ['mysql', '10.11.19-MariaDB-0+deb12u1', true],
    ['mysql', '10.6.0-MariaDB', true],
    ['mysql', '10.5.23-MariaDB', false],
    ['mysql', '11.4.2-MariaDB', true],
    ['mysql', 'unknown', false],
    ['sqlite', '3.45.0', false],
  ])('%s %s: SKIP LOCKED %s', (dialect, version, expected) => {
    expect(supportsSkipLocked(dialect, version)).toBe(expected);
  });
});

describe('rate-limit store selection', () => {
  const choose = (env: NodeJS.ProcessEnv, dialect: string) =>
    chooseRateLimitStore(readSharedState(env), dialect);
  const redis = { REDIS_URL: 'redis://127.0.0.1:6379' };

  it('counts in the database on PostgreSQL and MySQL, in memory on SQLite', () => {
    expect(choose({}, 'postgres')).toEqual({ kind: 'postgres' });
    expect(choose({}, 'mysql')).toEqual({ kind: 'mysql' });
    expect(choose({}, 'sqlite')).toEqual({ kind: 'memory' });
  });

  it('counts in Redis when REDIS_URL is set, whatever the database', () => {
    for (const dialect of ['sqlite', 'postgres', 'mysql'])
      expect(choose(redis, dialect)).toEqual({ kind: 'redis' });
  });

  it('follows SMI_RATE_LIMIT_STORE over the default', () => {
    expect(choose({ ...redis, SMI_RATE_LIMIT_STORE: 'memory' }, 'postgres').kind).toBe('memory');
    expect(choose({ ...redis, SMI_RATE_LIMIT_STORE: 'database' }, 'mysql').kind).toBe('mysql');
    expect(choose({ SMI_RATE_LIMIT_STORE: 'database' }, 'sqlite')).toEqual({
      kind: 'memory',
      warning: expect.stringMatching(/not available on SQLite/),
    });
  });

  it('refuses redis without REDIS_URL, and an unknown store, naming the variables', () => {
    expect(() => choose({ SMI_RATE_LIMIT_STORE: 'redis' }, 'postgres')).toThrow(/REDIS_URL/);
    expect(() => choose({ SMI_RATE_LIMIT_STORE: 'disk' }, 'postgres')).toThrow(
      /SMI_RATE_LIMIT_STORE must be one of memory, database, redis/,
    );
  });

  it('prefixes Redis keys with SMI_REDIS_PREFIX', () => {
    expect(readSharedState({}).redisPrefix).toBe('sell-my-images:');
    expect(readSharedState({ SMI_REDIS_PREFIX: 'shop-a:' }).redisPrefix).toBe('shop-a:');
  });
});

/** A Strapi whose database is PostgreSQL and whose pool never gives a connection (the database is down). */
function strapiWithDatabaseDown(): Core.Strapi {
  const warnings: string[] = [];
  const knex = {
    client: {
      acquireConnection: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')),
      releaseConnection: () => undefined,
      connectionSettings: { database: 'shop' },
    },
  };
  return {
    db: { connection: knex, dialect: { client: 'postgres' }, getSchemaName: () => undefined },
    log: { warn: (message: string) => warnings.push(message) },
    config: { get: (key: string) => (key === 'server.app.keys' ? ['app-key-1'] : undefined) },
  } as unknown as Core.Strapi;
}

describe('rate limits on a shared store', () => {
  it('keep limiting in memory when the database store fails (no 500)', async () => {
    const strapi = strapiWithDatabaseDown();
    const store = createLimiterStore(strapi, {});
    expect(store.kind).toBe('postgres');
    const limits = createRateLimits({ checkout: { points: 2, duration: 60 } }, { store });
    expect(await limits.consume('checkout', '198.51.100.1')).toBeNull();
    expect(await limits.consume('checkout', '198.51.100.1')).toBeNull();
    expect(await limits.consume('checkout', '198.51.100.1')).toBeGreaterThan(0);
    expect(await limits.consume('checkout', '198.51.100.2')).toBeNull();
  });

  it('keep limiting in memory while Redis cannot be reached (no 500)', async () => {
    const strapi = strapiWithDatabaseDown();
    // Port 1 on loopback refuses connections at once.
    const store = createLimiterStore(strapi, { REDIS_URL: 'redis://127.0.0.1:1' });
    expect(store.kind).toBe('redis');
    await store.prepare();
    try {
      const limits = createRateLimits({ jobs: { points: 1, duration: 60 } }, { store });
      expect(await limits.consume('jobs', '198.51.100.1')).toBeNull();
      expect(await limits.consume('jobs', '198.51.100.1')).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });

  it('counts under keyed hashes: no e-mail or address reaches the store', async () => {
    const strapi = strapiWithDatabaseDown();
    const keys: string[] = [];
    const recording: LimiterStore = {
      kind: 'memory',
      limiter(keyPrefix, points, duration) {
        const memory = new RateLimiterMemory({ keyPrefix, points, duration });
        const consume = memory.consume.bind(memory);
        memory.consume = (key, spent) => {
          keys.push(String(key));
          return consume(key, spent);
        };
        return memory;
      },
      prepare: async () => undefined,
      close: async () => undefined,
    };
    const limits = createRateLimits(
      {},
      { store: recording, hashKey: (key) => rateLimitKey(strapi, key) },
    );
    await limits.consume('checkoutPerEmail', 'buyer@example.test');
    await limits.consume('checkout', '198.51.100.7');
    await limits.consume('checkout', '198.51.100.7');
    expect(keys).toHaveLength(3);
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(keys.join()).not.toMatch(/buyer|example|198\.51/);
    // the same visitor is counted under the same key
    expect(keys[1]).toBe(keys[2]);
    expect(keys[0]).not.toBe(keys[1]);
  });
});

describe('cache stamps', () => {
  /** One stamp store (the database) shared by several instances, and a clock to move. */
  function sharedStore() {
    const values = new Map<StampName, string>();
    let reads = 0;
    const store: StampStore = {
      get: async (name) => {
        reads++;
        return values.get(name) ?? null;
      },
      set: async (name, value) => {
        values.set(name, value);
      },
    };
    return { store, reads: () => reads };
  }

  it('shows a bump on one instance to another once its check interval has passed', async () => {
    const { store } = sharedStore();
    let clock = 1_000;
    const now = () => clock;
    const a = createCacheStamps(store, { checkEveryMs: 500, now });
    const b = createCacheStamps(store, { checkEveryMs: 500, now });
    expect(await b.current('settings')).toBeNull();
    await a.bump('settings');
    const bumped = await a.current('settings');
    expect(bumped).not.toBeNull();
    // b read the stamp just now: it trusts what it read for up to 500 ms
    clock += 499;
    expect(await b.current('settings')).toBeNull();
    clock += 1;
    expect(await b.current('settings')).toBe(bumped);
    // stamps are per cache
    expect(await b.current('catalog')).toBeNull();
  });

  it('reads the store at most once per interval, however many callers ask', async () => {
    const { store, reads } = sharedStore();
    let clock = 0;
    const stamps = createCacheStamps(store, { checkEveryMs: 500, now: () => clock });
    await Promise.all(Array.from({ length: 20 }, () => stamps.current('settings')));
    expect(reads()).toBe(1);
    for (let i = 0; i < 10; i++) {
      clock += 40;
      await stamps.current('settings');
    }
    expect(reads()).toBe(1);
    clock += 100;
    await stamps.current('settings');
    expect(reads()).toBe(2);
  });

  it('makes a new stamp on every bump', async () => {
    const { store } = sharedStore();
    const stamps = createCacheStamps(store, { checkEveryMs: 0 });
    const seen = new Set<string | null>();
    for (let i = 0; i < 5; i++) {
      await stamps.bump('catalog');
      seen.add(await stamps.current('catalog'));
    }
    expect(seen.size).toBe(5);
  });
});
