import { SALE_MODES } from '../../../../shared/contracts/settings';
import { SettingsSection, type SettingSpec } from './SettingsGrid';

const DISPLAY_FIELDS: SettingSpec[] = [
  { kind: 'text', name: 'buttonText', message: 'buttonText' },
  { kind: 'number', name: 'minImageSize', message: 'minImageSize' },
  {
    kind: 'select',
    name: 'saleMode',
    options: SALE_MODES,
    message: 'saleMode',
    hintPerOption: true,
  },
  { kind: 'toggle', name: 'acceptNumericFileIds', message: 'numericIds' },
];

/** The buy button and which images are for sale by default. */
export const DisplaySection = () => (
  <SettingsSection messages="settings.display" fields={DISPLAY_FIELDS} />
);
