/**
 * Version stamps of the caches every instance keeps (docs/architecture.md "Several
 * instances"): the settings and the public routes' catalog (sale rules, published use).
 * A save writes a new random stamp to the plugin store; each instance reads the stamp at
 * most every `checkEveryMs` (one single-row read) and drops its cache when the stamp
 * changed, so a save on one instance is in effect on all of them within about a second,
 * without Redis or any other service.
 */
import { randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../plugin-id';

export type StampName = 'settings' | 'catalog';

/** How often an instance asks whether another one changed a cache. */
export const STAMP_CHECK_MS = 500;

/** Where the stamps live: the plugin store in Strapi, a double in unit tests. */
export interface StampStore {
  get(name: StampName): Promise<string | null>;
  set(name: StampName, value: string): Promise<void>;
}

export const pluginStoreStamps = (strapi: Core.Strapi): StampStore => {
  const store = (name: StampName) =>
    strapi.store({ type: 'plugin', name: PLUGIN_ID, key: `cache-stamp-${name}` });
  return {
    get: async (name) => {
      const value = await store(name).get({});
      return typeof value === 'string' ? value : null;
    },
    set: async (name, value) => {
      await store(name).set({ value });
    },
  };
};

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
