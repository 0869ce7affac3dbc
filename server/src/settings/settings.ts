/**
 * The settings the plugin works with: defaults ← the stored record ← the environment
 * (12-factor: a variable always wins). Secrets are stored encrypted and never leave the
 * server in clear (the admin view masks them).
 */
import type { Core } from '@strapi/strapi';
import {
  LEGACY_EIGHT_X_MODES,
  SECRET_FIELDS,
  SETTINGS_DEFAULTS,
  settingsSchema,
  type SecretField,
  type Settings,
  type SettingSource,
  type SettingsUpdate,
} from '../../../shared/contracts/settings';
import type { SettingsAnswer } from '../../../shared/contracts/settings-routes';
import { SETTINGS_UID } from '../plugin-id';
import { errors } from '../utils/errors';
import type { CacheStamps } from './cache-stamps';
import { purposeKeys } from './keys';
import {
  boxKeyId,
  decryptWithKeys,
  encryptSecret,
  isEncrypted,
  maskSecret,
  SecretBoxError,
} from './secret-box';
import { publicApiUrl } from './urls';

/** What the plugin works with: defaults ← stored record ← environment, secrets in clear (server only). */
export interface EffectiveSettings extends Settings {
  sources: Partial<Record<keyof Settings, SettingSource>>;
}

/** Which environment variable overrides which setting (README "Configuration"). */
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

/**
 * Retention settings added to an existing record (README "Privacy and retention"): a record
 * saved before they existed has NULL in their new columns, which means "not set" (their
 * default), not "keep for good". The first save after the upgrade writes them and marks the
 * record, from then on a stored null is the owner's choice.
 */
const ADDED_RETENTION_FIELDS = new Set<keyof Settings>([
  'clickRetentionDays',
  'downloadLogRetentionDays',
  'stripeEventRetentionDays',
  'visitorHashRetentionDays',
]);
const RETENTION_MARKER = 'retentionSettingsSaved';

/**
 * Settings change rarely; a cache keeps the hot public routes off the database. A save
 * on any instance changes the `settings` stamp (settings/cache-stamps), which every
 * instance checks at most every 500 ms; the age limit only bounds a change made around
 * the service (an edit in the database itself).
 */
const CACHE_MS = 30_000;

type StoredRecord = Partial<Record<keyof Settings, unknown>> & {
  id?: number;
  documentId?: string;
  [RETENTION_MARKER]?: unknown;
};

/** A record saved before the retention settings existed (see ADDED_RETENTION_FIELDS). */
const beforeRetention = (stored: StoredRecord | null) =>
  stored !== null && !stored[RETENTION_MARKER];

export function createSettingsService(
  strapi: Core.Strapi,
  { cacheStamps }: { cacheStamps: CacheStamps },
) {
  let cache: { at: number; stamp: string | null; value: EffectiveSettings } | null = null;

  // Key rotation (README "Key rotation"): the first key encrypts, every key decrypts.
  const encryptionKeys = () => purposeKeys(strapi, 'settings-secrets');
  function encrypt(value: string): string {
    const [current] = encryptionKeys();
    if (!current) throw new errors.ValidationError('Set SMI_ENCRYPTION_KEY to store secrets');
    return encryptSecret(value, current.key, current.id);
  }

  async function readStored(): Promise<StoredRecord | null> {
    return (await strapi.db.query(SETTINGS_UID).findOne({})) as StoredRecord | null;
  }

  function decrypt(field: SecretField, value: unknown): string | null {
    if (typeof value !== 'string' || value === '') return null;
    const keys = encryptionKeys();
    if (!keys.length) return null;
    try {
      return decryptWithKeys(value, keys);
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
    const result: Record<string, unknown> = {};
    const sources: EffectiveSettings['sources'] = {};
    const legacy = beforeRetention(stored);
    for (const key of Object.keys(SETTINGS_DEFAULTS) as Array<keyof Settings>) {
      sources[key] = 'default';
      const unset = legacy && ADDED_RETENTION_FIELDS.has(key) && stored?.[key] === null;
      const storedValue = unset ? undefined : stored?.[key];
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
    const merged: Settings = { ...SETTINGS_DEFAULTS, ...(result as Partial<Settings>) };
    return {
      ...merged,
      // PostgreSQL and MySQL return decimals as strings.
      creditsPerMegapixel: Number(merged.creditsPerMegapixel),
      localAi8xMode: LEGACY_EIGHT_X_MODES[merged.localAi8xMode] ?? merged.localAi8xMode,
      sources,
    };
  }

  return {
    /** The effective settings (cached for a moment; `fresh` skips the cache). */
    async get({ fresh = false }: { fresh?: boolean } = {}): Promise<EffectiveSettings> {
      // The stamp is read before the record: a save in between is seen at the next call.
      const stamp = await cacheStamps.current('settings');
      if (!fresh && cache && cache.stamp === stamp && Date.now() - cache.at < CACHE_MS)
        return cache.value;
      const value = merge(await readStored());
      cache = { at: Date.now(), stamp, value };
      return value;
    },

    /** For the admin API: secrets masked, which values come from the environment, the Stripe mode. */
    async getForAdmin(): Promise<SettingsAnswer> {
      const { sources, ...settings } = await this.get({ fresh: true });
      const masked = Object.fromEntries(
        SECRET_FIELDS.map((field) => [field, settings[field] ? maskSecret(settings[field]) : null]),
      );
      const key = settings.stripeSecretKey;
      return {
        settings: { ...settings, ...masked },
        sources,
        environment: Object.fromEntries(
          Object.entries(ENV_OVERRIDES)
            .filter(([field]) => sources[field as keyof Settings] === 'env')
            .map(([field, variable]) => [field, variable]),
        ),
        stripeMode: key ? (/_live_/.test(key) ? 'live' : 'test') : null,
        // The public URL, not the admin's: Stripe must reach the site where visitors do.
        webhookUrl: publicApiUrl(strapi, '/webhooks/stripe'),
      };
    },

    /**
     * A validated partial update (shared/contracts/settings); secrets are encrypted, null
     * clears one. A field set by an environment variable cannot be changed here (400).
     */
    async update(patch: SettingsUpdate, actor: string): Promise<void> {
      const conflicts = (Object.keys(patch) as Array<keyof Settings>).flatMap((field) => {
        const variable = ENV_OVERRIDES[field];
        return variable && process.env[variable]?.trim() ? [{ field, variable }] : [];
      });
      if (conflicts.length) {
        throw new errors.ValidationError(
          'These settings are set by environment variables and cannot be changed here',
          {
            errors: conflicts.map(({ field, variable }) => ({
              path: [field],
              message: `Set by the environment variable ${variable}`,
              name: 'ValidationError',
            })),
          },
        );
      }

      const data: Record<string, unknown> = { ...patch };
      for (const field of SECRET_FIELDS) {
        const value = patch[field];
        if (typeof value === 'string') data[field] = encrypt(value);
      }
      const stored = await readStored();
      if (beforeRetention(stored)) {
        for (const field of ADDED_RETENTION_FIELDS)
          if (!(field in patch) && stored?.[field] === null) data[field] = SETTINGS_DEFAULTS[field];
      }
      data[RETENTION_MARKER] = true;
      if (stored?.id)
        await strapi.db.query(SETTINGS_UID).update({ where: { id: stored.id }, data });
      else await strapi.documents(SETTINGS_UID).create({ data: data as never });
      cache = null;
      await cacheStamps.bump('settings');
      strapi.log.info(
        `[sell-my-images] settings updated by ${actor}: ${Object.keys(patch).join(', ')}`,
      );
    },

    /**
     * Re-encrypts with the current key the stored secrets another key wrote (start-up,
     * after a new first key was added), so an old key can be dropped once no live link
     * needs it. A secret no key opens is left as it is (and logged when read).
     */
    async reencryptSecrets(): Promise<void> {
      const stored = await readStored();
      const current = encryptionKeys()[0];
      if (!stored?.id || !current) return;
      const data: Record<string, string> = {};
      for (const field of SECRET_FIELDS) {
        const value = stored[field];
        if (!isEncrypted(value) || boxKeyId(value) === current.id) continue;
        const plain = decrypt(field, value);
        if (plain !== null) data[field] = encrypt(plain);
      }
      if (!Object.keys(data).length) return;
      await strapi.db.query(SETTINGS_UID).update({ where: { id: stored.id }, data });
      cache = null;
      await cacheStamps.bump('settings');
      strapi.log.info(
        `[sell-my-images] stored secrets re-encrypted with the key "${current.id}": ${Object.keys(data).join(', ')}`,
      );
    },
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
