import { Badge, Box, Flex } from '@strapi/design-system';
import { useT } from '../../utils/useT';
import { ConnectionTest } from './ConnectionTest';
import { useSettingsForm } from './context';
import { FieldGrid } from './FieldGrid';
import { LinesSetting, TextSetting } from './fields';
import { SecretSetting } from './SecretSetting';
import { stripeModeOfTyped } from './form';
import { Section } from './Section';
import { WebhookUrlField } from './WebhookUrlField';

/** Stripe keys, currency, where checkouts may return to, and the webhook endpoint. */
export const PaymentsSection = () => {
  const t = useT();
  const { answer, values } = useSettingsForm();
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
      title={t('settings.payments.title')}
      description={t('settings.payments.description')}
      aside={modeBadge}
    >
      <Flex direction="column" alignItems="stretch" gap={5}>
        <FieldGrid>
          <SecretSetting
            name="stripeSecretKey"
            label={t('settings.payments.secretKey')}
            hint={t('settings.payments.secretKey.hint')}
          />
          <SecretSetting
            name="stripeWebhookSecret"
            label={t('settings.payments.webhookSecret')}
            hint={t('settings.payments.webhookSecret.hint')}
          />
          <TextSetting
            name="currency"
            label={t('settings.payments.currency')}
            hint={t('settings.payments.currency.hint')}
            placeholder="USD"
          />
          <LinesSetting
            name="allowedReturnOrigins"
            label={t('settings.payments.returnOrigins')}
            hint={t('settings.payments.returnOrigins.hint')}
            placeholder="https://www.example.com"
          />
        </FieldGrid>
        <WebhookUrlField url={answer.webhookUrl} />
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
