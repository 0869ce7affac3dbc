import { SettingsSection, type SettingSpec } from './SettingsGrid';

const DELIVERY_FIELDS: SettingSpec[] = [
  { kind: 'number', name: 'downloadExpiryHours', message: 'expiry' },
  { kind: 'number', name: 'maxDownloads', message: 'maxDownloads' },
  { kind: 'text', name: 'siteName', message: 'siteName' },
  { kind: 'text', name: 'senderEmail', type: 'email', message: 'sender' },
  { kind: 'text', name: 'termsUrl', type: 'url', message: 'terms', placeholder: 'https://' },
  { kind: 'text', name: 'supportEmail', type: 'email', message: 'support' },
  { kind: 'toggle', name: 'reminderEnabled', message: 'reminder' },
  {
    kind: 'number',
    name: 'reminderHoursBefore',
    message: 'reminderHours',
    enabledBy: 'reminderEnabled',
  },
];

/** The download link and the e-mails that carry it. */
export const DeliverySection = () => (
  <SettingsSection messages="settings.delivery" fields={DELIVERY_FIELDS} />
);
