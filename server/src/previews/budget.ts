/**
 * The daily credit budget of paid previews (settings `paidPreviewDailyCredits`, per UTC
 * day), counted in the plugin store so every instance and restart shares it
 * (docs/architecture.md "Previews, cart and purchases"). Credits are reserved before the
 * work is sent; instances racing on the same count can overshoot by one preview at most
 * each (the store has no compare-and-set).
 */
import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../plugin-id';

export const BUDGET_STORE_KEY = 'preview-credits';

export interface DayCount {
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  credits: number;
}

export const utcDay = (date: Date): string => date.toISOString().slice(0, 10);

/** Credits spent today (a count of another day is zero). */
export function spentToday(stored: unknown, now: Date): number {
  const count = stored as Partial<DayCount> | null;
  return count && count.day === utcDay(now) && Number.isFinite(count.credits)
    ? Number(count.credits)
    : 0;
}

/** Whether `credits` more fit in `daily` after `spent`. */
export const fitsBudget = (spent: number, credits: number, daily: number): boolean =>
  credits > 0 && spent + credits <= daily;

export function createCreditBudget(strapi: Core.Strapi, now: () => Date = () => new Date()) {
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID });
  let chain: Promise<unknown> = Promise.resolve();

  /** Serialised in this instance: one read-modify-write at a time. */
  function serial<T>(work: () => Promise<T>): Promise<T> {
    const next = chain.then(work, work);
    chain = next.catch(() => undefined);
    return next;
  }

  return {
    async spent(): Promise<number> {
      return spentToday(await store().get({ key: BUDGET_STORE_KEY }), now());
    },

    /** Reserves `credits` of today's `daily` budget; false when they do not fit. */
    reserve(credits: number, daily: number): Promise<boolean> {
      return serial(async () => {
        const today = now();
        const spent = spentToday(await store().get({ key: BUDGET_STORE_KEY }), today);
        if (!fitsBudget(spent, credits, daily)) return false;
        const value: DayCount = { day: utcDay(today), credits: spent + credits };
        await store().set({ key: BUDGET_STORE_KEY, value });
        return true;
      });
    },
  };
}

export type CreditBudget = ReturnType<typeof createCreditBudget>;
