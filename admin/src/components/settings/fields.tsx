/**
 * The inputs of the settings page. Each one has a visible label, shows its error next to
 * it, and is disabled (with a note naming the variable) when an environment variable
 * sets it, or when the admin may only read the settings.
 */
import type { ReactNode } from 'react';
import {
  Field,
  NumberInput,
  SingleSelect,
  SingleSelectOption,
  Textarea,
  Toggle,
  Typography,
} from '@strapi/design-system';
import type { Settings } from '../../../../shared/contracts/settings';
import { useT, type TranslationValues } from '../../utils/useT';
import { useSettingsForm } from './context';
import type { FormValues } from './form';

type FieldsOf<T> = {
  [K in keyof FormValues]-?: FormValues[K] extends T ? K : never;
}[keyof FormValues];

/** The words of a setting: the message id of its label, and of its hint (`<message>.hint` unless named). */
export interface SettingMessages {
  message: string;
  hint?: string;
  /** Values of the label's placeholders, e.g. `{ resolution }`. */
  values?: TranslationValues;
}

export interface FieldState {
  label: string;
  hint: string;
  error?: string;
  disabled: boolean;
}

/** Label, hint, error and lock of one setting. */
export function useFieldState(
  name: keyof FormValues,
  { message, hint = `${message}.hint`, values }: SettingMessages,
): FieldState {
  const t = useT();
  const { answer, errors, readOnly } = useSettingsForm();
  const variable = answer.environment[name as keyof Settings];
  const envNote = variable ? `${t('settings.env.locked', { variable })} ` : '';
  return {
    label: t(message, values),
    hint: `${envNote}${t(hint)}`,
    error: errors[name],
    disabled: readOnly || Boolean(variable),
  };
}

/** One setting's value and setter, with its label, hint, error and lock. */
function useSetting<K extends keyof FormValues>(name: K, messages: SettingMessages) {
  const t = useT();
  const { values, setValue } = useSettingsForm();
  return {
    ...useFieldState(name, messages),
    value: values[name],
    set: (value: FormValues[K]) => setValue(name, value),
    /** The label of one of its options: the message `<message>.<option>`. */
    optionLabel: (option: string) => t(`${messages.message}.${option}`),
  };
}

/** The frame every setting shares: its label, the input, then its hint (or its error). */
export const SettingField = ({
  name,
  field,
  children,
}: {
  name: string;
  field: Omit<FieldState, 'disabled'>;
  children: ReactNode;
}) => (
  <Field.Root name={name} error={field.error} hint={field.hint}>
    <Field.Label>{field.label}</Field.Label>
    {children}
    <Field.Hint />
    <Field.Error />
  </Field.Root>
);

export type TextSettingProps = SettingMessages & {
  name: FieldsOf<string>;
  type?: 'text' | 'email' | 'url';
  placeholder?: string;
};

export const TextSetting = ({
  name,
  type = 'text',
  placeholder,
  ...messages
}: TextSettingProps) => {
  const field = useSetting(name, messages);
  return (
    <SettingField name={name} field={field}>
      <Field.Input
        type={type}
        value={field.value}
        placeholder={placeholder}
        disabled={field.disabled}
        onChange={(event) => field.set(event.target.value)}
      />
    </SettingField>
  );
};

export type NumberSettingProps = SettingMessages & {
  name: FieldsOf<number | undefined>;
  step?: number;
  /** The on/off setting this one belongs to: disabled while that one is off. */
  enabledBy?: FieldsOf<boolean>;
};

/** A number; empty means "not set" (the form decides whether that is allowed). */
export const NumberSetting = ({ name, step = 1, enabledBy, ...messages }: NumberSettingProps) => {
  const { values } = useSettingsForm();
  const field = useSetting(name, messages);
  return (
    <SettingField name={name} field={field}>
      <NumberInput
        value={field.value}
        step={step}
        disabled={field.disabled || (enabledBy !== undefined && !values[enabledBy])}
        onValueChange={field.set}
      />
    </SettingField>
  );
};

export type ToggleSettingProps = SettingMessages & { name: FieldsOf<boolean> };

/** An on/off setting. */
export const ToggleSetting = ({ name, ...messages }: ToggleSettingProps) => {
  const t = useT();
  const field = useSetting(name, messages);
  return (
    <SettingField name={name} field={field}>
      <Toggle
        checked={field.value}
        onLabel={t('settings.toggle.on')}
        offLabel={t('settings.toggle.off')}
        disabled={field.disabled}
        onChange={(event) => field.set(event.target.checked)}
      />
    </SettingField>
  );
};

/** An amount typed in major units of the form's currency ("0.50", "500" for JPY). */
const AmountInput = ({
  value,
  disabled,
  onChange,
}: {
  value: string;
  disabled: boolean;
  onChange: (value: string) => void;
}) => {
  const { values } = useSettingsForm();
  return (
    <Field.Input
      inputMode="decimal"
      value={value}
      disabled={disabled}
      onChange={(event) => onChange(event.target.value)}
      endAction={
        <Typography variant="pi" textColor="neutral600">
          {values.currency.trim().toUpperCase()}
        </Typography>
      }
    />
  );
};

export type MoneySettingProps = SettingMessages & {
  name: 'minimumPrice' | 'creditPrice' | 'localAiPricePerMegapixel';
};

/** An amount of money, in major units of the form's currency. */
export const MoneySetting = ({ name, ...messages }: MoneySettingProps) => {
  const field = useSetting(name, messages);
  return (
    <SettingField name={name} field={field}>
      <AmountInput value={field.value} disabled={field.disabled} onChange={field.set} />
    </SettingField>
  );
};

export interface FlatPriceSettingProps extends SettingMessages {
  resolution: string;
  /** Shows the errors about the whole object (one field speaks for all of them). */
  showObjectError?: boolean;
}

/**
 * The local-ai flat price of one resolution, in major units; empty means "priced per
 * megapixel". The server reports a bad one as `localAiFlatPrices.<resolution>`.
 */
export const FlatPriceSetting = ({
  resolution,
  showObjectError = false,
}: FlatPriceSettingProps) => {
  const { values, setValue, errors } = useSettingsForm();
  const name = `localAiFlatPrices.${resolution}`;
  const state = useFieldState('localAiFlatPrices', {
    message: 'settings.pricing.localAi.flat',
    values: { resolution },
  });
  const error = errors[name] ?? (showObjectError ? state.error : undefined);
  return (
    <SettingField name={name} field={{ ...state, error }}>
      <AmountInput
        value={values.localAiFlatPrices[resolution] ?? ''}
        disabled={state.disabled}
        onChange={(value) =>
          setValue('localAiFlatPrices', { ...values.localAiFlatPrices, [resolution]: value })
        }
      />
    </SettingField>
  );
};

export type SelectField =
  | 'saleMode'
  | 'upscaler'
  | 'localAiModel'
  | 'localAiEngine'
  | 'localAi8xMode'
  | 'localAiPricingMode'
  | 'tax'
  | 'taxBehavior';

export type SelectSettingProps<K extends SelectField> = SettingMessages & {
  name: K;
  /** In the order shown; each one's label is the message `<message>.<option>`. */
  options: ReadonlyArray<FormValues[K]>;
  /** The hint explains the chosen option: the message `<message>.hint.<option>`. */
  hintPerOption?: boolean;
};

export const SelectSetting = <K extends SelectField>({
  name,
  options,
  hintPerOption = false,
  ...messages
}: SelectSettingProps<K>) => {
  const { values } = useSettingsForm();
  const field = useSetting(
    name,
    hintPerOption ? { ...messages, hint: `${messages.message}.hint.${values[name]}` } : messages,
  );
  return (
    <SettingField name={name} field={field}>
      <SingleSelect
        value={field.value}
        disabled={field.disabled}
        onChange={(value) => field.set(value as FormValues[K])}
      >
        {options.map((option) => (
          <SingleSelectOption key={option} value={option}>
            {field.optionLabel(option)}
          </SingleSelectOption>
        ))}
      </SingleSelect>
    </SettingField>
  );
};

export type LinesSettingProps = SettingMessages & {
  name: 'allowedReturnOrigins';
  placeholder?: string;
};

/** A list typed one item per line. */
export const LinesSetting = ({ name, placeholder, ...messages }: LinesSettingProps) => {
  const { errors } = useSettingsForm();
  const field = useSetting(name, messages);
  // The server reports a bad line as `allowedReturnOrigins.<index>`.
  const lineError = Object.entries(errors).find(([key]) => key.startsWith(`${name}.`));
  const error =
    field.error ??
    (lineError ? `${Number(lineError[0].split('.')[1]) + 1}: ${lineError[1]}` : undefined);
  return (
    <SettingField name={name} field={{ ...field, error }}>
      <Textarea
        value={field.value}
        placeholder={placeholder}
        disabled={field.disabled}
        onChange={(event) => field.set(event.target.value)}
      />
    </SettingField>
  );
};
