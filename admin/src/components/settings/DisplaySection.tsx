import { useT } from '../../utils/useT';
import { FieldGrid } from './FieldGrid';
import { NumberSetting, SelectSetting, TextSetting } from './fields';
import { Section } from './Section';
import { SALE_MODES } from '../../../../shared/contracts/settings';
import { useSettingsForm } from './context';

/** The buy button and which images are for sale by default. */
export const DisplaySection = () => {
  const t = useT();
  const { values } = useSettingsForm();
  return (
    <Section title={t('settings.display.title')} description={t('settings.display.description')}>
      <FieldGrid>
        <TextSetting
          name="buttonText"
          label={t('settings.display.buttonText')}
          hint={t('settings.display.buttonText.hint')}
        />
        <NumberSetting
          name="minImageSize"
          label={t('settings.display.minImageSize')}
          hint={t('settings.display.minImageSize.hint')}
        />
        <SelectSetting
          name="saleMode"
          label={t('settings.display.saleMode')}
          hint={t(`settings.display.saleMode.hint.${values.saleMode}`)}
          options={SALE_MODES.map((mode) => ({
            value: mode,
            label: t(`settings.display.saleMode.${mode}`),
          }))}
        />
      </FieldGrid>
    </Section>
  );
};
