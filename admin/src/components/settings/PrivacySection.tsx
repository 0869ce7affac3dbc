import { SettingsSection, type SettingSpec } from './SettingsGrid';

const PRIVACY_FIELDS: SettingSpec[] = [
  { kind: 'number', name: 'emailRetentionDays', message: 'emails' },
  { kind: 'number', name: 'visitorHashRetentionDays', message: 'visitorHashes' },
  { kind: 'number', name: 'clickRetentionDays', message: 'clicks' },
  { kind: 'number', name: 'downloadLogRetentionDays', message: 'downloads' },
  { kind: 'number', name: 'stripeEventRetentionDays', message: 'stripeEvents' },
  { kind: 'toggle', name: 'includeEmailInEvents', message: 'emailInEvents' },
];

/** How long each kind of record is kept, and whether webhooks carry the buyer's e-mail. */
export const PrivacySection = () => (
  <SettingsSection messages="settings.privacy" fields={PRIVACY_FIELDS} />
);
