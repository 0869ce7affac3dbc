import type { Core } from '@strapi/strapi';
import { SETTINGS_UID } from '../plugin-id';
import { decryptSecret, encryptSecret, maskSecret, SecretBoxError } from '../utils/secret-box';
import {
  SECRET_FIELDS,
  SETTINGS_DEFAULTS,
  settingsSchema,
  type SecretField,
  type Settings,
  type SettingsUpdate,
} from '../validation/settings';
import { LEGACY_EIGHT_X_MODES } from '../upscalers/local-ai/plan';
import { purposeKey } from './keys';

export type SettingSource = 'env' | 'stored' | 'default';

/** What the plugin works with: defaults ← stored record ← environment, secrets in clear (server only). */
export interface EffectiveSettings extends Settings {
  sources: Partial<Record<keyof Settings, SettingSource>>;
}

/** Which environment variable overrides which setting (DESIGN.md "Configuration"). */
export const ENV_OVERRIDES: Partial<Record<keyof Settings, string>> = {
  stripeSecretKey: 'SMI_STRIPE_SECRET_KEY',
  stripeWebhookSecret: 'SMI_STRIPE_WEBHOOK_SECRET',
  upsamplerApiKey: 'SMI_UPSAMPLER_API_KEY',
  upscaler: 'SMI_UPSCALER',
};

/** Fields where null is a value of its own (no limit, switched off, not set). */
const NULLABLE = new Set<keyof Settings>(
  (Object.keys(SETTINGS_DEFAULTS) as Array<keyof Settings>).filter(
    (key) => settingsSchema.shape[key].safeParse(null).success,
  ),
);

/** Settings change rarely; a short cache keeps the hot public routes off the database. */
const CACHE_MS = 2_000;

export class SettingsConflictError extends Error {
  constructor(readonly fields: Array<{ field: keyof Settings; variable: string }>) {
    super('These settings are set by environment variables and cannot be changed here');
  }
}

export class EncryptionUnavailableError extends Error {}

type StoredRecord = Partial<Record<keyof Settings, unknown>> & { id?: number; documentId?: string };

export function createSettingsService(strapi: Core.Strapi) {
  let cache: { at: number; value: EffectiveSettings } | null = null;

  const encryptionKey = () => purposeKey(strapi, 'settings-secrets');

  async function readStored(): Promise<StoredRecord | null> {
    return (await strapi.db.query(SETTINGS_UID).findOne({})) as StoredRecord | null;
  }

  function decrypt(field: SecretField, value: unknown): string | null {
    if (typeof value !== 'string' || value === '') return null;
    const key = encryptionKey();
    if (!key) return null;
    try {
      return decryptSecret(value, key);
    } catch (error) {
      if (error instanceof SecretBoxError) {
        strapi.log.error(
          `[sell-my-images] stored ${field} cannot be decrypted (${error.code}); was the encryption key changed?`,
        );
        return null;
      }
      throw error;
    }
  }

  function merge(stored: StoredRecord | null): EffectiveSettings {
    const env = process.env;
    const result: Record<string, unknown> = { ...SETTINGS_DEFAULTS };
    const sources: EffectiveSettings['sources'] = {};
    for (const key of Object.keys(SETTINGS_DEFAULTS) as Array<keyof Settings>) {
      sources[key] = 'default';
      const storedValue = stored?.[key];
      // A stored null is meaningful only for fields that may be null (off, unlimited, unset).
      if (storedValue !== undefined && (storedValue !== null || (stored && NULLABLE.has(key)))) {
        result[key] = (SECRET_FIELDS as readonly string[]).includes(key)
          ? decrypt(key as SecretField, storedValue)
          : storedValue;
        if (result[key] !== null) sources[key] = 'stored';
      }
      const variable = ENV_OVERRIDES[key];
      const envValue = variable ? env[variable]?.trim() : undefined;
      if (envValue) {
        result[key] = envValue;
        sources[key] = 'env';
      }
    }
    // PostgreSQL and MySQL return decimals as strings.
    result.creditsPerMegapixel = Number(result.creditsPerMegapixel);
    result.localAi8xMode =
      LEGACY_EIGHT_X_MODES[result.localAi8xMode as string] ?? result.localAi8xMode;
    return { ...(result as unknown as Settings), sources };
  }

  return {
    /** The effective settings (cached for a moment; `fresh` skips the cache). */
    async get({ fresh = false }: { fresh?: boolean } = {}): Promise<EffectiveSettings> {
      if (!fresh && cache && Date.now() - cache.at < CACHE_MS) return cache.value;
      const value = merge(await readStored());
      cache = { at: Date.now(), value };
      return value;
    },

    /** For the admin API: secrets masked, which values come from the environment, the Stripe mode. */
    async getForAdmin() {
      const settings = await this.get({ fresh: true });
      const view: Record<string, unknown> = { ...settings };
      delete view.sources;
      for (const field of SECRET_FIELDS) {
        const value = settings[field];
        view[field] = value ? maskSecret(value) : null;
      }
      const key = settings.stripeSecretKey;
      return {
        settings: view,
        sources: settings.sources,
        environment: Object.fromEntries(
          Object.entries(ENV_OVERRIDES)
            .filter(([field]) => settings.sources[field as keyof Settings] === 'env')
            .map(([field, variable]) => [field, variable]),
        ),
        stripeMode: key ? (/_live_/.test(key) ? 'live' : 'test') : null,
      };
    },

    /** Validated partial update (see validation/settings). Secrets are encrypted; null clears one. */
    async update(patch: SettingsUpdate): Promise<void> {
      const conflicts = (Object.keys(patch) as Array<keyof Settings>)
        .filter(
          (field) => ENV_OVERRIDES[field] && process.env[ENV_OVERRIDES[field] as string]?.trim(),
        )
        .map((field) => ({ field, variable: ENV_OVERRIDES[field] as string }));
      if (conflicts.length) throw new SettingsConflictError(conflicts);

      const data: Record<string, unknown> = { ...patch };
      for (const field of SECRET_FIELDS) {
        const value = patch[field];
        if (typeof value === 'string') {
          const key = encryptionKey();
          if (!key) throw new EncryptionUnavailableError('Set SMI_ENCRYPTION_KEY to store secrets');
          data[field] = encryptSecret(value, key);
        }
      }
      const stored = await readStored();
      if (stored?.id)
        await strapi.db.query(SETTINGS_UID).update({ where: { id: stored.id }, data });
      else await strapi.documents(SETTINGS_UID).create({ data: data as never });
      cache = null;
    },
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
