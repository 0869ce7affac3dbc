import { Box, Button, Field, Flex } from '@strapi/design-system';
import type { SecretField } from '../../../../shared/contracts/settings';
import { useT } from '../../utils/useT';
import { useSettingsForm } from './context';
import { SettingField, useFieldState, type SettingMessages } from './fields';

export type SecretSettingProps = SettingMessages & { name: SecretField };

/**
 * A write-only secret: the saved value is only ever shown masked. An empty input keeps
 * it, typing replaces it, "Remove" clears it on save.
 */
export const SecretSetting = ({ name, ...messages }: SecretSettingProps) => {
  const t = useT();
  const { answer, values, setValue } = useSettingsForm();
  const state = useFieldState(name, messages);
  const saved = answer.settings[name];
  const cleared = values.clearedSecrets.includes(name);
  const locked = Boolean(answer.environment[name]);
  const status = cleared
    ? t('settings.secret.willRemove')
    : saved
      ? t(locked ? 'settings.secret.inUse' : 'settings.secret.saved', { masked: saved })
      : t('settings.secret.notSet');
  const toggleClear = () =>
    setValue(
      'clearedSecrets',
      cleared
        ? values.clearedSecrets.filter((field) => field !== name)
        : [...values.clearedSecrets, name],
    );
  return (
    <SettingField name={name} field={{ ...state, hint: `${status} ${state.hint}` }}>
      <Flex gap={2} alignItems="flex-start">
        <Box flex={1}>
          <Field.Input
            type="password"
            autoComplete="new-password"
            spellCheck={false}
            value={values[name]}
            placeholder={saved && !cleared ? saved : t('settings.secret.placeholder')}
            disabled={state.disabled}
            onChange={(event) => {
              setValue(name, event.target.value);
              if (cleared)
                setValue(
                  'clearedSecrets',
                  values.clearedSecrets.filter((field) => field !== name),
                );
            }}
          />
        </Box>
        {saved && !state.disabled ? (
          <Button variant={cleared ? 'tertiary' : 'danger-light'} size="L" onClick={toggleClear}>
            {cleared ? t('settings.secret.keep') : t('settings.secret.remove')}
          </Button>
        ) : null}
      </Flex>
    </SettingField>
  );
};
