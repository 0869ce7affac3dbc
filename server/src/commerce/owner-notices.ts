/**
 * Log lines for the site owner when a buyer is refused for a setting the owner can fix
 * (docs/architecture.md "Start-up checks"): the buyer sees a plain error, the log names
 * the fix. Each is logged once (a refused origin once per instance while it stays among
 * the last ones seen, a missing setting once per period), so refusals never flood the log.
 * Never an e-mail address or a secret.
 */
import type { Core } from '@strapi/strapi';
import { LRUCache } from 'lru-cache';

/** Refused origins remembered per instance: memory stays bounded whatever buyers send. */
const REMEMBERED_ORIGINS = 200;
/** A missing setting is logged again after this long, while it is still missing. */
const SETTING_NOTICE_PERIOD_MS = 60 * 60 * 1000;

export type MissingSetting = 'stripe_key' | 'upscaler';

export interface OwnerNoticesOptions {
  rememberedOrigins?: number;
  periodMs?: number;
  now?: () => number;
  /** Also keeps a refused origin for the Overview checklist (commerce/refused-origins). */
  onRefusedOrigin?: (origin: string) => Promise<void>;
}

export function createOwnerNotices(strapi: Core.Strapi, options: OwnerNoticesOptions = {}) {
  const now = options.now ?? Date.now;
  const periodMs = options.periodMs ?? SETTING_NOTICE_PERIOD_MS;
  const origins = new LRUCache<string, true>({
    max: options.rememberedOrigins ?? REMEMBERED_ORIGINS,
  });
  const lastLogged = new Map<string, number>();

  return {
    /** A checkout whose return URL is on `origin`, not an allowed one, was refused. */
    refusedReturnOrigin(origin: string): void {
      // A URL's origin has no path, query or credentials; the length is the buyer's choice.
      const shown = origin.slice(0, 200);
      if (origins.has(shown)) return;
      origins.set(shown, true);
      strapi.log.warn(
        `[sell-my-images] a buyer on ${shown} was refused (returnUrl is not on an allowed origin): add it to Settings → Sell My Images → Allowed return origins if it is your site`,
      );
      options.onRefusedOrigin?.(shown).catch((error: Error) => {
        strapi.log.warn(`[sell-my-images] a refused origin was not kept: ${error.message}`);
      });
    },

    /** A checkout was refused (503) because `setting` is missing; `upscaler` names the provider. */
    refusedForMissingSetting(setting: MissingSetting, upscaler?: string): void {
      const key = `${setting}:${upscaler ?? ''}`;
      const last = lastLogged.get(key);
      if (last !== undefined && now() - last < periodMs) return;
      lastLogged.set(key, now());
      strapi.log.warn(`[sell-my-images] a checkout was refused: ${fixFor(setting, upscaler)}`);
    },
  };
}

function fixFor(setting: MissingSetting, upscaler: string | undefined): string {
  if (setting === 'stripe_key') {
    return 'payments are not configured; set SMI_STRIPE_SECRET_KEY or Settings → Sell My Images → Stripe secret key';
  }
  if (upscaler === 'upsampler') {
    return 'the upscaler is not configured; set SMI_UPSAMPLER_API_KEY or Settings → Sell My Images → Upsampler API key';
  }
  if (upscaler === 'local-ai') {
    return 'the local AI upscaler cannot run (its packages are missing, README "Local AI upscaler"); install them or choose another upscaler in Settings → Sell My Images';
  }
  return `the upscaler "${String(upscaler).slice(0, 40)}" is unknown; choose one in Settings → Sell My Images or SMI_UPSCALER`;
}

export type OwnerNotices = ReturnType<typeof createOwnerNotices>;
