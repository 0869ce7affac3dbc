/**
 * The `setupChecklist` service behind the Overview page (README "Setup checklist",
 * docs/architecture.md "Start-up checks"): gathers, live, what a sale needs — the Stripe
 * key tried against Stripe, the webhook endpoint as Stripe has it and the last verified
 * event, the e-mail provider, the public URL, cron, the storage folder, the upscaler's
 * connection test and the refused return origins — and sends a test e-mail. The remote
 * calls run side by side, each bounded by the connection tests' timeout.
 */
import type { Core } from '@strapi/strapi';
import type { SetupChecklist, TestEmailAnswer } from '../../../shared/contracts/setup';
import { testStripeConnection, testUpscalerConnection } from '../commerce/connection-tests';
import { createRefusedOrigins } from '../commerce/refused-origins';
import type { SettingsTools } from '../commerce/settings-tools';
import { sendMail } from '../delivery/mailer';
import type { SettingsService } from '../settings/settings';
import type { Setup, SetupFacts } from '../settings/startup-checks';
import { allowedReturnOrigins } from '../settings/urls';
import { redactSecrets } from '../utils/redact';
import { checklistItems, type ChecklistFacts } from './checklist-items';
import { testEmailContent } from './test-email';

interface Deps {
  settings: SettingsService;
  setup: Setup;
  settingsTools: SettingsTools;
}

/** The private storage as the checklist shows it: the folder, or the bucket with SMI_STORAGE=s3. */
function storageFacts(facts: SetupFacts): ChecklistFacts['storage'] {
  const bucket = facts.objectStorage;
  if (!bucket) {
    const writable = facts.storageWritable;
    return {
      location: facts.storageDir,
      kind: 'local',
      writable,
      problem: null,
      publicAccess: null,
    };
  }
  return {
    location: `s3://${bucket.bucket}`,
    kind: 's3',
    writable: bucket.unreachable === null,
    problem: bucket.unreachable,
    publicAccess: bucket.publicAccess,
  };
}

export function createSetupChecklist(strapi: Core.Strapi, deps: Deps) {
  const refusedOrigins = createRefusedOrigins(strapi);

  return {
    async read(): Promise<SetupChecklist> {
      const settings = await deps.settings.get({ fresh: true });
      const [facts, stripeTest, webhookStatus, upscalerTest, refused] = await Promise.all([
        deps.setup.facts(),
        settings.stripeSecretKey
          ? testStripeConnection(settings.stripeSecretKey, { tax: settings.tax })
          : null,
        deps.settingsTools.stripeWebhookStatus(),
        testUpscalerConnection(settings.upscaler, settings.upsamplerApiKey, settings.localAiEngine),
        refusedOrigins.list(),
      ]);
      const items = checklistItems({
        production: facts.production,
        publicUrl: facts.publicUrl,
        emailProvider: facts.emailProvider,
        cronEnabled: facts.cronEnabled,
        storage: storageFacts(facts),
        stripeKey: { source: settings.sources.stripeSecretKey, test: stripeTest },
        webhook: {
          secretSource: settings.stripeWebhookSecret
            ? settings.sources.stripeWebhookSecret
            : undefined,
          status: webhookStatus,
        },
        upscaler: upscalerTest,
        allowedOrigins: [...allowedReturnOrigins(strapi, settings.allowedReturnOrigins)],
        refusedOrigins: refused,
      });
      return {
        items,
        remaining: items.filter((item) => item.state !== 'done').length,
        checkedAt: new Date().toISOString(),
      };
    },

    /**
     * Sends the test e-mail through Strapi's email plugin, as a customer e-mail goes (same
     * sender and reply-to). A refusal is an answer with the provider's words, secrets masked.
     */
    async sendTestEmail(to: string, actor: string): Promise<TestEmailAnswer> {
      const settings = await deps.settings.get();
      const provider = (await deps.setup.facts()).emailProvider;
      try {
        await sendMail(strapi, settings, to, testEmailContent(settings.siteName));
        strapi.log.info(`[sell-my-images] test e-mail sent by ${actor} (${provider ?? 'none'})`);
        return { ok: true, to, provider };
      } catch (error) {
        const message = redactSecrets(String((error as Error).message ?? error)).slice(0, 300);
        strapi.log.warn(`[sell-my-images] test e-mail by ${actor} was refused: ${message}`);
        return { ok: false, to, provider, message };
      }
    },
  };
}

export type SetupChecklistService = ReturnType<typeof createSetupChecklist>;
