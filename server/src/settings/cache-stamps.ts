/**
 * Version stamps of the caches every instance keeps (docs/architecture.md "Several
 * instances"): the settings and the public routes' catalog (sale rules, published use).
 * A save writes a new random stamp to the table `smi_cache_stamps` (one row per cache,
 * written with an upsert, so instances racing on the first write still make one row);
 * each instance reads the stamp at
 * most every `checkEveryMs` (one single-row read) and drops its cache when the stamp
 * changed, so a save on one instance is in effect on all of them within about a second,
 * without Redis or any other service.
 */
import { randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { ensureOwnTable } from '../utils/own-tables';

export type StampName = 'settings' | 'catalog';

/** How often an instance asks whether another one changed a cache. */
export const STAMP_CHECK_MS = 500;

/** The table of the stamps, created at bootstrap. */
export const STAMP_TABLE = 'smi_cache_stamps';

/** Where the stamps live: the database in Strapi, a double in unit tests. */
export interface StampStore {
  get(name: StampName): Promise<string | null>;
  set(name: StampName, value: string): Promise<void>;
}

export const ensureStampTable = (strapi: Core.Strapi) =>
  ensureOwnTable(strapi, STAMP_TABLE, (table) => {
    table.string('name', 32).primary();
    table.string('value', 64).notNullable();
  });

export const databaseStamps = (strapi: Core.Strapi): StampStore => ({
  get: async (name) => {
    const row = (await strapi.db.getConnection(STAMP_TABLE).where({ name }).first('value')) as
      { value: string } | undefined;
    return row?.value ?? null;
  },
  set: async (name, value) => {
    await strapi.db.getConnection(STAMP_TABLE).insert({ name, value }).onConflict('name').merge();
  },
});

export function createCacheStamps(
  store: StampStore,
  { checkEveryMs = STAMP_CHECK_MS, now = () => Date.now() } = {},
) {
  const seen = new Map<StampName, { at: number; value: string | null }>();
  const reading = new Map<StampName, Promise<string | null>>();

  async function read(name: StampName): Promise<string | null> {
    const value = await store.get(name);
    seen.set(name, { at: now(), value });
    return value;
  }

  return {
    /**
     * The stamp of `name` as this instance last read it, read again when older than
     * `checkEveryMs` (concurrent callers share one read).
     */
    async current(name: StampName): Promise<string | null> {
      const last = seen.get(name);
      if (last && now() - last.at < checkEveryMs) return last.value;
      const pending = reading.get(name);
      if (pending) return pending;
      const next = read(name).finally(() => reading.delete(name));
      reading.set(name, next);
      return next;
    },

    /** Marks `name` changed for every instance (called after the write it announces). */
    async bump(name: StampName): Promise<void> {
      const value = `${now().toString(36)}-${randomBytes(6).toString('hex')}`;
      await store.set(name, value);
      seen.set(name, { at: now(), value });
    },
  };
}

export type CacheStamps = ReturnType<typeof createCacheStamps>;
