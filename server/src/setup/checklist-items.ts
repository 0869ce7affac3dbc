/**
 * The Overview checklist's verdicts (README "Setup checklist"): each item's state from the
 * facts gathered live by setup/checklist. Pure, so every rule is tested without a Strapi.
 * `todo` when a sale fails or misbehaves until it is fixed, `warning` when it works here
 * but not for real buyers (development conveniences), `done` otherwise.
 */
import type { SetupItem, SetupItemState, SetupSource } from '../../../shared/contracts/setup';
import { stripeListenCommand } from '../../../shared/contracts/stripe-webhook';
import type { SettingSource } from '../../../shared/contracts/settings';
import type {
  StripeTestResult,
  UpscalerTestResult,
} from '../../../shared/contracts/settings-routes';
import type { StripeWebhookStatus } from '../../../shared/contracts/stripe-webhook';
import { isPublicWebhookUrl } from '../commerce/stripe-webhook-setup';
import type { RefusedOrigin } from '../commerce/refused-origins';
import { isLoopbackHost } from '../settings/startup-checks';

export interface ChecklistFacts {
  production: boolean;
  publicUrl: string;
  emailProvider: string | null;
  cronEnabled: boolean;
  storage: Extract<SetupItem, { id: 'storage' }>['facts'];
  stripeKey: { source: SettingSource | undefined; test: StripeTestResult | null };
  webhook: { secretSource: SettingSource | undefined; status: StripeWebhookStatus };
  upscaler: UpscalerTestResult;
  allowedOrigins: string[];
  refusedOrigins: RefusedOrigin[];
}

const source = (value: SettingSource | undefined): SetupSource =>
  value === 'env' || value === 'stored' ? value : null;

/** `todo` in production, `warning` in development: fine to try things, not to sell. */
const notForProduction = (production: boolean): SetupItemState => (production ? 'todo' : 'warning');

function stripeKeyItem({ stripeKey }: ChecklistFacts): SetupItem {
  const test = stripeKey.test;
  const facts = {
    source: test ? source(stripeKey.source) : null,
    mode: test?.mode ?? null,
    problem: test && !test.ok ? test.message : null,
  };
  return { id: 'stripe_key', state: test?.ok ? 'done' : 'todo', facts };
}

function webhookItem({ webhook }: ChecklistFacts): SetupItem {
  const { status } = webhook;
  const secretSource = source(webhook.secretSource);
  const missingEvents = status.endpoint?.missingEvents ?? [];
  const ready = secretSource !== null && status.problem === null && missingEvents.length === 0;
  return {
    id: 'stripe_webhook',
    state: ready ? 'done' : 'todo',
    facts: {
      webhookUrl: status.webhookUrl,
      secretSource,
      endpointId: status.endpoint?.id ?? null,
      missingEvents,
      lastVerifiedEventAt: status.lastVerifiedEventAt,
      problem: status.problem,
      listenCommand: isPublicWebhookUrl(status.webhookUrl)
        ? null
        : stripeListenCommand(status.webhookUrl),
    },
  };
}

function emailItem({ emailProvider, production }: ChecklistFacts): SetupItem {
  const real = emailProvider !== null && emailProvider.toLowerCase() !== 'sendmail';
  return {
    id: 'email',
    state: real ? 'done' : notForProduction(production),
    facts: { provider: emailProvider, production },
  };
}

function publicUrlItem({ publicUrl, production }: ChecklistFacts): SetupItem {
  let parsed: URL | null = null;
  try {
    parsed = new URL(publicUrl);
  } catch {
    parsed = null;
  }
  const https = parsed?.protocol === 'https:';
  const loopback = parsed === null || isLoopbackHost(parsed.hostname);
  const state: SetupItemState =
    parsed === null
      ? 'todo'
      : isPublicWebhookUrl(publicUrl)
        ? 'done'
        : notForProduction(production);
  return { id: 'public_url', state, facts: { url: publicUrl, https, loopback, production } };
}

function upscalerItem({ upscaler }: ChecklistFacts): SetupItem {
  return {
    id: 'upscaler',
    state: upscaler.ok ? 'done' : 'todo',
    facts: { upscaler: upscaler.upscaler, problem: upscaler.ok ? null : upscaler.message },
  };
}

function returnOriginsItem({ allowedOrigins, refusedOrigins }: ChecklistFacts): SetupItem {
  const allowed = new Set(allowedOrigins);
  const refused = refusedOrigins.filter((entry) => !allowed.has(entry.origin));
  return {
    id: 'return_origins',
    state: refused.length > 0 ? 'warning' : 'done',
    facts: { allowed: allowedOrigins, refused },
  };
}

/** The checklist's items, in the order an owner sets a shop up. */
export function checklistItems(facts: ChecklistFacts): SetupItem[] {
  return [
    stripeKeyItem(facts),
    webhookItem(facts),
    emailItem(facts),
    publicUrlItem(facts),
    {
      id: 'cron',
      state: facts.cronEnabled ? 'done' : 'todo',
      facts: { enabled: facts.cronEnabled },
    },
    {
      id: 'storage',
      state: facts.storage.writable && !facts.storage.publicAccess ? 'done' : 'todo',
      facts: facts.storage,
    },
    upscalerItem(facts),
    returnOriginsItem(facts),
  ];
}
