/**
 * The start-up checks (README "Start-up checks", docs/architecture.md "Start-up checks"):
 * what this site still lacks to sell, each naming the setting to change. Bootstrap logs
 * them; the `setup` service answers the same list for the admin.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import type { SetupCheck } from '../../../shared/contracts/setup';
import type { SettingsService } from './settings';
import { publicUrl } from './urls';

/** What the checks look at, gathered from Strapi's config, the settings and the disk. */
export interface SetupFacts {
  production: boolean;
  /** The resolved public URL (settings/urls `publicUrl`). */
  publicUrl: string;
  /** Strapi's email provider (`plugin::email` config), null without the email plugin. */
  emailProvider: string | null;
  /** A Stripe secret key from SMI_STRIPE_SECRET_KEY or the stored settings. */
  stripeKeySet: boolean;
  cronEnabled: boolean;
  storageDir: string;
  /** Whether the storage folder, or the folder it will be created in, is writable. */
  storageWritable: boolean;
  /** With SMI_STORAGE=s3: what the bucket check found (delivery/s3-probe). */
  objectStorage?: ObjectStorageFacts | null;
}

/** What the check of an S3-compatible bucket found. */
export interface ObjectStorageFacts {
  bucket: string;
  /** Why the bucket cannot be used (missing, refused, unreachable), null when it can. */
  unreachable: string | null;
  /** What an anonymous request could read, null when the bucket refused it. */
  publicAccess: string | null;
}

const LOOPBACK_HOSTS = new Set(['localhost', '0.0.0.0', '[::1]', '[::]']);

/** True for localhost, 127.x.x.x, ::1 and 0.0.0.0: an address only this machine reaches. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return (
    LOOPBACK_HOSTS.has(host) || host.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(host)
  );
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname || null;
  } catch {
    return null;
  }
}

/** The findings for `facts`, in a fixed order; empty when the site is ready to sell. */
export function startupChecks(facts: SetupFacts): SetupCheck[] {
  const checks: SetupCheck[] = [];
  const host = hostOf(facts.publicUrl);
  if (host === null || isLoopbackHost(host)) {
    const problem = host === null ? 'is not a valid URL' : 'points at this machine';
    checks.push({
      level: facts.production || host === null ? 'warn' : 'info',
      code: 'public_url_loopback',
      message: `the public URL ${facts.publicUrl} ${problem}: Stripe return pages, e-mailed download links and the image URL given to Upsampler use it; set SMI_PUBLIC_URL (or server.url in config/server.ts) to the address buyers reach Strapi at`,
    });
  }
  if (!facts.emailProvider || facts.emailProvider.toLowerCase() === 'sendmail') {
    checks.push({
      level: 'warn',
      code: 'email_provider_missing',
      message: `no e-mail provider is configured (Strapi's email plugin falls back to sendmail): download links may never reach buyers; configure one in config/plugins.ts (email.config.provider, e.g. nodemailer with SMTP_HOST)`,
    });
  }
  if (!facts.stripeKeySet) {
    checks.push({
      level: 'warn',
      code: 'stripe_key_missing',
      message:
        'no Stripe secret key: every checkout is refused; set SMI_STRIPE_SECRET_KEY or Settings → Sell My Images → Stripe secret key',
    });
  }
  if (!facts.cronEnabled) {
    checks.push({
      level: 'warn',
      code: 'cron_disabled',
      message:
        "cron is disabled: the plugin's housekeeping (unpaid checkouts reconciliation, refund retries, e-mail retries, retention) does not run; set cron: { enabled: true } in config/server.ts (server.cron.enabled)",
    });
  }
  if (!facts.storageWritable) {
    checks.push({
      level: 'warn',
      code: 'storage_not_writable',
      message: `the storage folder ${facts.storageDir} is not writable: paid images cannot be stored; make it writable by Strapi or choose another folder (SMI_STORAGE_DIR)`,
    });
  }
  checks.push(...objectStorageChecks(facts.objectStorage));
  return checks;
}

function objectStorageChecks(found: ObjectStorageFacts | null | undefined): SetupCheck[] {
  if (!found) return [];
  if (found.unreachable) {
    return [
      {
        level: 'warn',
        code: 'object_storage_unreachable',
        message: `the bucket ${found.bucket} cannot be used (${found.unreachable}): paid images cannot be stored; check SMI_S3_BUCKET, SMI_S3_ENDPOINT, SMI_S3_REGION and the credentials (SMI_S3_ACCESS_KEY_ID, SMI_S3_SECRET_ACCESS_KEY)`,
      },
    ];
  }
  if (found.publicAccess) {
    return [
      {
        level: 'warn',
        code: 'object_storage_public',
        message: `the bucket ${found.bucket} lets anyone read ${found.publicAccess} without credentials: paid images can be downloaded without paying; block public access to the bucket SMI_S3_BUCKET (README "Object storage (S3, R2, MinIO)")`,
      },
    ];
  }
  return [];
}

/**
 * Whether files can be written in `dir`: the folder itself, or else its nearest existing
 * ancestor (storage creates the missing folders), must be a writable directory.
 */
export async function isWritableFolder(dir: string): Promise<boolean> {
  let current = path.resolve(dir);
  for (;;) {
    try {
      if (!(await stat(current)).isDirectory()) return false;
      await access(current, constants.W_OK);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return false;
      const parent = path.dirname(current);
      if (parent === current) return false;
      current = parent;
    }
  }
}

function emailProviderOf(strapi: Core.Strapi): string | null {
  const config = strapi.config.get('plugin::email') as { provider?: unknown } | undefined;
  return typeof config?.provider === 'string' && config.provider ? config.provider : null;
}

interface Deps {
  settings: SettingsService;
  /** The private storage folder (delivery/storage `storageDir`, a layer above this one). */
  storageDir: () => string;
  /** The bucket check with SMI_STORAGE=s3 (delivery/file-storage `probe`); null on disk. */
  probeObjectStorage?: () => Promise<ObjectStorageFacts | null>;
}

/** The `setup` service: `checks()` answers the start-up checks as of now. */
export function createSetup(strapi: Core.Strapi, deps: Deps) {
  async function facts(): Promise<SetupFacts> {
    const storageDir = deps.storageDir();
    const settings = await deps.settings.get({ fresh: true });
    return {
      production: process.env.NODE_ENV === 'production',
      publicUrl: publicUrl(strapi),
      emailProvider: emailProviderOf(strapi),
      stripeKeySet: Boolean(settings.stripeSecretKey?.trim()),
      cronEnabled: Boolean(strapi.config.get('server.cron.enabled')),
      storageDir,
      storageWritable: await isWritableFolder(storageDir),
      objectStorage: (await deps.probeObjectStorage?.()) ?? null,
    };
  }
  const checks = async (): Promise<SetupCheck[]> => startupChecks(await facts());
  return {
    facts,
    checks,
    /** Logs every check, one line each (bootstrap); a check that fails never stops Strapi. */
    async logChecks(): Promise<void> {
      try {
        for (const check of await checks()) {
          strapi.log[check.level](`[sell-my-images] ${check.message}`);
        }
      } catch (error) {
        strapi.log.warn(`[sell-my-images] start-up checks failed: ${(error as Error).message}`);
      }
    },
  };
}

export type Setup = ReturnType<typeof createSetup>;
