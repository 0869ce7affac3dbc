import { Field, Toggle } from '@strapi/design-system';
import { useT } from '../../utils/useT';
import { useSettingsForm } from './context';
import { FieldGrid } from './FieldGrid';
import { NumberSetting, TextSetting } from './fields';
import { Section } from './Section';

const ReminderToggle = () => {
  const t = useT();
  const { values, setValue, readOnly } = useSettingsForm();
  return (
    <Field.Root name="reminderEnabled" hint={t('settings.delivery.reminder.hint')}>
      <Field.Label>{t('settings.delivery.reminder')}</Field.Label>
      <Toggle
        checked={values.reminderEnabled}
        onLabel={t('settings.toggle.on')}
        offLabel={t('settings.toggle.off')}
        disabled={readOnly}
        onChange={(event) => setValue('reminderEnabled', event.target.checked)}
      />
      <Field.Hint />
    </Field.Root>
  );
};

/** The download link and the e-mails that carry it. */
export const DeliverySection = () => {
  const t = useT();
  const { values } = useSettingsForm();
  return (
    <Section title={t('settings.delivery.title')} description={t('settings.delivery.description')}>
      <FieldGrid>
        <NumberSetting
          name="downloadExpiryHours"
          label={t('settings.delivery.expiry')}
          hint={t('settings.delivery.expiry.hint')}
        />
        <NumberSetting
          name="maxDownloads"
          label={t('settings.delivery.maxDownloads')}
          hint={t('settings.delivery.maxDownloads.hint')}
        />
        <TextSetting
          name="siteName"
          label={t('settings.delivery.siteName')}
          hint={t('settings.delivery.siteName.hint')}
        />
        <TextSetting
          name="senderEmail"
          type="email"
          label={t('settings.delivery.sender')}
          hint={t('settings.delivery.sender.hint')}
        />
        <TextSetting
          name="termsUrl"
          type="url"
          label={t('settings.delivery.terms')}
          hint={t('settings.delivery.terms.hint')}
          placeholder="https://"
        />
        <TextSetting
          name="supportEmail"
          type="email"
          label={t('settings.delivery.support')}
          hint={t('settings.delivery.support.hint')}
        />
        <ReminderToggle />
        <NumberSetting
          name="reminderHoursBefore"
          label={t('settings.delivery.reminderHours')}
          hint={t('settings.delivery.reminderHours.hint')}
          disabled={!values.reminderEnabled}
        />
        <NumberSetting
          name="emailRetentionDays"
          label={t('settings.delivery.retention')}
          hint={t('settings.delivery.retention.hint')}
        />
      </FieldGrid>
    </Section>
  );
};
