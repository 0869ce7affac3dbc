import { Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { useStripeWebhookStatus } from '../../api/settings';
import { useT } from '../../utils/useT';

/**
 * The endpoint the button set up, as Stripe has it: its status, the handled events it is
 * not subscribed to, and when the webhook last accepted a signed event. Nothing before a
 * set-up or when the status cannot be read.
 */
export const StripeWebhookStatusLine = ({ keySaved }: { keySaved: boolean }) => {
  const t = useT();
  const { formatDate } = useIntl();
  const { data } = useStripeWebhookStatus(keySaved);
  if (!data || (!data.endpoint && !data.problem)) return null;
  const last = data.lastVerifiedEventAt
    ? formatDate(data.lastVerifiedEventAt, { dateStyle: 'medium', timeStyle: 'short' })
    : t('settings.webhook.status.never');
  if (!data.endpoint) {
    return (
      <Typography variant="pi" textColor="warning700">
        {data.problem}
      </Typography>
    );
  }
  const { endpoint } = data;
  return (
    <Typography
      variant="pi"
      textColor={
        endpoint.status === 'enabled' && !endpoint.missingEvents.length
          ? 'neutral600'
          : 'warning700'
      }
    >
      {t('settings.webhook.status.line', { id: endpoint.id, status: endpoint.status, last })}
      {endpoint.missingEvents.length
        ? ` ${t('settings.webhook.status.missing', { events: endpoint.missingEvents.join(', ') })}`
        : ''}
    </Typography>
  );
};
