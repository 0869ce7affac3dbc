import { Badge, Box, Flex } from '@strapi/design-system';
import { useT } from '../../utils/useT';
import { ConnectionTest } from './ConnectionTest';
import { useSettingsForm } from './context';
import { stripeModeOfTyped } from './form';
import { Section } from './Section';
import { SettingsGrid, type SettingSpec } from './SettingsGrid';
import { StripeWebhookSetup } from './StripeWebhookSetup';
import { WebhookUrlField } from './WebhookUrlField';

const PAYMENT_FIELDS: SettingSpec[] = [
  { kind: 'secret', name: 'stripeSecretKey', message: 'secretKey' },
  { kind: 'secret', name: 'stripeWebhookSecret', message: 'webhookSecret' },
  { kind: 'text', name: 'currency', message: 'currency', placeholder: 'USD' },
  {
    kind: 'lines',
    name: 'allowedReturnOrigins',
    message: 'returnOrigins',
    placeholder: 'https://www.example.com',
  },
  { kind: 'toggle', name: 'autoRefundOnFraudWarning', message: 'autoRefundOnFraudWarning' },
];

/** Stripe keys, currency, where checkouts may return to, and the webhook endpoint. */
export const PaymentsSection = () => {
  const t = useT();
  const { answer, values, readOnly } = useSettingsForm();
  const typedKey = values.stripeSecretKey.trim();
  const keyRemoved = values.clearedSecrets.includes('stripeSecretKey');
  // The masked saved key hides its prefix, so the saved mode comes from the server.
  const mode = typedKey
    ? stripeModeOfTyped(typedKey)
    : keyRemoved
      ? undefined
      : (answer.stripeMode ?? undefined);
  const lockedKey = Boolean(answer.environment.stripeSecretKey);

  const modeBadge = mode ? (
    <Badge
      backgroundColor={mode === 'live' ? 'success100' : 'warning100'}
      textColor={mode === 'live' ? 'success700' : 'warning700'}
    >
      {t(`settings.stripe.mode.${mode}`)}
    </Badge>
  ) : null;

  return (
    <Section
      anchor="payments"
      title={t('settings.payments.title')}
      description={t('settings.payments.description')}
      aside={modeBadge}
    >
      <Flex direction="column" alignItems="stretch" gap={5}>
        <SettingsGrid messages="settings.payments" fields={PAYMENT_FIELDS} />
        <WebhookUrlField url={answer.webhookUrl} />
        {/* Saves the signing secret: settings.update, like the route. */}
        {readOnly ? null : (
          <StripeWebhookSetup keySaved={Boolean(answer.settings.stripeSecretKey) && !keyRemoved} />
        )}
        <Box>
          <ConnectionTest
            target="stripe"
            body={typedKey && !lockedKey ? { stripeSecretKey: typedKey } : {}}
          />
        </Box>
      </Flex>
    </Section>
  );
};
