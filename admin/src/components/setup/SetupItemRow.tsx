import { Box, Flex, Link, Typography } from '@strapi/design-system';
import { CheckCircle, CrossCircle, Information } from '@strapi/icons';
import { useIntl } from 'react-intl';
import { NavLink } from 'react-router-dom';
import type { SetupItem, SetupItemState } from '../../../../shared/contracts/setup';
import { PLUGIN_ID } from '../../pluginId';
import { useT } from '../../utils/useT';
import { StripeWebhookSetup } from '../settings/StripeWebhookSetup';
import { CommandField } from '../CommandField';
import { FIXES, itemLines } from './itemWords';
import { TestEmailForm } from './TestEmailForm';

/** Where the README explains each item and its fix. */
export const CHECKLIST_DOCS_URL =
  'https://github.com/sell-my-images/strapi-plugin-sell-my-images#setup-checklist';

const LOOKS: Record<SetupItemState, { icon: typeof CheckCircle; color: string }> = {
  done: { icon: CheckCircle, color: 'success600' },
  todo: { icon: CrossCircle, color: 'danger600' },
  warning: { icon: Information, color: 'warning600' },
};

interface Props {
  item: SetupItem;
  canUpdate: boolean;
  stripeKeyReady: boolean;
}

/** One line of the checklist: its state icon and word, what it found, and how to fix it. */
export const SetupItemRow = ({ item, canUpdate, stripeKeyReady }: Props) => {
  const t = useT();
  const { formatDate } = useIntl();
  const when = (value: string) => formatDate(value, { dateStyle: 'medium', timeStyle: 'short' });
  const look = LOOKS[item.state];
  const Icon = look.icon;
  const fix = FIXES[item.id];
  const webhook = item.id === 'stripe_webhook' ? item.facts : null;

  return (
    <Box
      tag="li"
      paddingTop={3}
      paddingBottom={3}
      borderColor="neutral150"
      style={{ borderWidth: '0 0 1px 0', borderStyle: 'solid', listStyle: 'none' }}
      data-testid={`smi-setup-${item.id}`}
      data-state={item.state}
    >
      <Flex gap={3} alignItems="flex-start">
        <Box paddingTop={1} color={look.color}>
          <Icon aria-hidden width="2rem" height="2rem" fill="currentColor" />
        </Box>
        <Flex direction="column" alignItems="stretch" gap={1} grow={1}>
          <Flex gap={2} alignItems="baseline" wrap="wrap">
            <Typography variant="omega" fontWeight="bold" tag="h3">
              {t(`setup.${item.id}.title`)}
            </Typography>
            <Typography variant="pi" textColor={look.color} data-testid="smi-setup-state">
              {t(`setup.state.${item.state}`)}
            </Typography>
          </Flex>
          {itemLines(item, t, when).map((line) => (
            <Typography key={line} variant="pi" textColor="neutral700">
              {line}
            </Typography>
          ))}
          {webhook && item.state !== 'done' && webhook.listenCommand ? (
            <CommandField command={webhook.listenCommand} />
          ) : null}
          {webhook && item.state !== 'done' && !webhook.listenCommand && canUpdate ? (
            <StripeWebhookSetup keySaved={stripeKeyReady} />
          ) : null}
          {item.id === 'email' && canUpdate ? <TestEmailForm /> : null}
          {item.state === 'done' ? null : (
            <Box>
              {fix.kind === 'settings' ? (
                <Link tag={NavLink} to={`/settings/${PLUGIN_ID}#${fix.section}`}>
                  {t(`setup.fix.${fix.section}`)}
                </Link>
              ) : (
                <Link href={CHECKLIST_DOCS_URL} isExternal>
                  {t('setup.fix.docs')}
                </Link>
              )}
            </Box>
          )}
        </Flex>
      </Flex>
    </Box>
  );
};
