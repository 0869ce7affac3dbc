/**
 * The origins buyers were recently refused on (returnUrl not on an allowed origin), kept in
 * the plugin store so the Overview checklist of every instance shows them (README "Setup
 * checklist"). Bounded: the last few distinct origins, each written once per instance while
 * owner-notices remembers it. Two instances writing at the same moment may lose one entry;
 * the owner's log line is still written.
 */
import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../plugin-id';

const STORE_KEY = 'refused-return-origins';
/** How many distinct refused origins the checklist lists. */
export const KEPT_REFUSED_ORIGINS = 10;

export interface RefusedOrigin {
  origin: string;
  /** When it was last refused (ISO). */
  at: string;
}

const isRefusedOrigin = (value: unknown): value is RefusedOrigin =>
  typeof (value as RefusedOrigin | null)?.origin === 'string' &&
  typeof (value as RefusedOrigin).at === 'string';

export function createRefusedOrigins(strapi: Core.Strapi) {
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID, key: STORE_KEY });
  async function list(): Promise<RefusedOrigin[]> {
    const stored = (await store().get({})) as unknown;
    return Array.isArray(stored) ? stored.filter(isRefusedOrigin) : [];
  }
  return {
    list,
    /** Puts `origin` first (refused at `at`), keeping the newest distinct ones. */
    async record(origin: string, at: Date = new Date()): Promise<void> {
      const others = (await list()).filter((entry) => entry.origin !== origin);
      const next = [{ origin, at: at.toISOString() }, ...others].slice(0, KEPT_REFUSED_ORIGINS);
      await store().set({ value: next });
    },
  };
}

export type RefusedOrigins = ReturnType<typeof createRefusedOrigins>;
