import { useState } from 'react';
import { Badge, Box, Button, Flex, Typography } from '@strapi/design-system';
import type { StripeWebhookSetupAnswer } from '../../../../shared/contracts/stripe-webhook';
import { apiFailure } from '../../api/client';
import { useStripeWebhookSetup } from '../../api/settings';
import { useT } from '../../utils/useT';
import { CommandField } from '../CommandField';
import { StripeWebhookStatusLine } from './StripeWebhookStatusLine';

type Outcome =
  | { kind: 'done'; answer: StripeWebhookSetupAnswer }
  | { kind: 'not_public'; url: string; command: string }
  | { kind: 'failed'; message: string };

/** The `not_public` details of a 409, or null for any other failure. */
function notPublic(details: Record<string, unknown>): { url: string; command: string } | null {
  const { reason, url, command } = details;
  return reason === 'not_public' && typeof url === 'string' && typeof command === 'string'
    ? { url, command }
    : null;
}

/**
 * "Set up webhook": creates (or updates) the Stripe endpoint at the public URL with the
 * events the plugin handles and saves its signing secret. For a URL the internet cannot
 * reach it shows the `stripe listen` command for local testing instead.
 */
export const StripeWebhookSetup = ({ keySaved }: { keySaved: boolean }) => {
  const t = useT();
  const { mutateAsync, isLoading: running } = useStripeWebhookSetup();
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const run = async () => {
    setOutcome(null);
    try {
      setOutcome({ kind: 'done', answer: await mutateAsync() });
    } catch (error) {
      const failure = apiFailure(error);
      const local = notPublic(failure.details);
      setOutcome(
        local ? { kind: 'not_public', ...local } : { kind: 'failed', message: failure.message },
      );
    }
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      <Flex gap={3} alignItems="center" wrap="wrap">
        <Button variant="secondary" onClick={run} loading={running} disabled={running || !keySaved}>
          {t('settings.webhook.setup.button')}
        </Button>
        {keySaved ? null : (
          <Typography variant="pi" textColor="neutral600">
            {t('settings.webhook.setup.needsKey')}
          </Typography>
        )}
      </Flex>
      <StripeWebhookStatusLine keySaved={keySaved} />
      <Box role="status" aria-live="polite">
        {outcome?.kind === 'done' ? (
          <Flex direction="column" alignItems="stretch" gap={1}>
            <Flex gap={2} alignItems="center">
              <Badge backgroundColor="success100" textColor="success700">
                {t(`settings.webhook.setup.${outcome.answer.action}`)}
              </Badge>
              <Typography variant="pi">
                {t('settings.webhook.setup.done', {
                  url: outcome.answer.url,
                  count: outcome.answer.events.length,
                })}
              </Typography>
            </Flex>
            <Typography variant="pi" textColor="neutral600">
              {outcome.answer.events.join(', ')}
            </Typography>
            {outcome.answer.environmentVariable ? (
              <Typography variant="pi" textColor="warning700">
                {t('settings.webhook.setup.envWins', {
                  variable: outcome.answer.environmentVariable,
                })}
              </Typography>
            ) : (
              <Typography variant="pi">
                {t(
                  outcome.answer.secretStored
                    ? 'settings.webhook.setup.secretSaved'
                    : 'settings.webhook.setup.secretKept',
                )}
              </Typography>
            )}
          </Flex>
        ) : null}
        {outcome?.kind === 'not_public' ? (
          <CommandField
            command={outcome.command}
            notice={t('settings.webhook.setup.notPublic', { url: outcome.url })}
          />
        ) : null}
        {outcome?.kind === 'failed' ? (
          <Typography variant="pi" textColor="danger700">
            {outcome.message}
          </Typography>
        ) : null}
      </Box>
    </Flex>
  );
};
