/**
 * What the checklist says of each item (README "Setup checklist"): the lines under its
 * title, in the admin's words, from the facts the server sent; and where it is fixed.
 */
import type { SetupItem } from '../../../../shared/contracts/setup';
import type { TranslationValues } from '../../utils/useT';

type Translate = (id: string, values?: TranslationValues) => string;
type FormatDate = (value: string) => string;

/** A section of Settings → Sell My Images, or the README's checklist section. */
export type Fix = { kind: 'settings'; section: 'payments' | 'upscaler' } | { kind: 'docs' };

export const FIXES: Record<SetupItem['id'], Fix> = {
  stripe_key: { kind: 'settings', section: 'payments' },
  stripe_webhook: { kind: 'settings', section: 'payments' },
  email: { kind: 'docs' },
  public_url: { kind: 'docs' },
  cron: { kind: 'docs' },
  storage: { kind: 'docs' },
  upscaler: { kind: 'settings', section: 'upscaler' },
  return_origins: { kind: 'settings', section: 'payments' },
};

const sourceWords = (t: Translate, source: 'env' | 'stored' | null, variable: string) =>
  source === 'env' ? t('setup.source.env', { variable }) : t('setup.source.stored');

/** The lines under the item's title. */
export function itemLines(item: SetupItem, t: Translate, formatDate: FormatDate): string[] {
  switch (item.id) {
    case 'stripe_key': {
      const { mode, problem, source } = item.facts;
      if (problem) return [t('setup.stripe_key.refused', { problem })];
      if (!mode) return [t('setup.stripe_key.missing')];
      return [t(`setup.stripe_key.${mode}`), sourceWords(t, source, 'SMI_STRIPE_SECRET_KEY')];
    }
    case 'stripe_webhook': {
      const facts = item.facts;
      const lines: string[] = [];
      if (facts.problem) lines.push(facts.problem);
      if (facts.missingEvents.length) {
        lines.push(t('setup.stripe_webhook.missing', { events: facts.missingEvents.join(', ') }));
      }
      if (!facts.secretSource) {
        lines.push(
          t(
            facts.listenCommand
              ? 'setup.stripe_webhook.notPublic'
              : 'setup.stripe_webhook.notSetUp',
            { url: facts.webhookUrl },
          ),
        );
      } else {
        lines.push(sourceWords(t, facts.secretSource, 'SMI_STRIPE_WEBHOOK_SECRET'));
      }
      lines.push(
        facts.lastVerifiedEventAt
          ? t('setup.stripe_webhook.last', { time: formatDate(facts.lastVerifiedEventAt) })
          : t('setup.stripe_webhook.never'),
      );
      return lines;
    }
    case 'email':
      return item.facts.provider && item.state === 'done'
        ? [t('setup.email.provider', { provider: item.facts.provider })]
        : [t(item.facts.production ? 'setup.email.missingProduction' : 'setup.email.missing')];
    case 'public_url': {
      const { url, loopback, https } = item.facts;
      if (item.state === 'done') return [url];
      if (loopback) return [t('setup.public_url.loopback', { url })];
      return [t(https ? 'setup.public_url.private' : 'setup.public_url.http', { url })];
    }
    case 'cron':
      return [t(item.facts.enabled ? 'setup.cron.on' : 'setup.cron.off')];
    case 'storage': {
      const { kind, location, writable, problem, publicAccess } = item.facts;
      if (kind === 'local') {
        const words = writable ? 'setup.storage.writable' : 'setup.storage.notWritable';
        return [t(words, { location })];
      }
      if (problem) return [t('setup.storage.bucketUnusable', { location, problem })];
      if (publicAccess) return [t('setup.storage.bucketPublic', { location, what: publicAccess })];
      return [t('setup.storage.bucketReady', { location })];
    }
    case 'upscaler':
      return [
        item.facts.problem ??
          t('setup.upscaler.ready', {
            upscaler: t(`settings.upscaler.provider.${item.facts.upscaler}`),
          }),
      ];
    case 'return_origins': {
      const { allowed, refused } = item.facts;
      const lines = [t('setup.return_origins.allowed', { origins: allowed.join(', ') })];
      if (refused.length) {
        const origins = refused.map((entry) => `${entry.origin} (${formatDate(entry.at)})`);
        lines.push(t('setup.return_origins.refused', { origins: origins.join(', ') }));
      }
      return lines;
    }
  }
}
