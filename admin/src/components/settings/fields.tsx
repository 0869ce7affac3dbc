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
  Typography,
} from '@strapi/design-system';
import type { Settings } from '../../../../shared/contracts/settings';
import { useT } from '../../utils/useT';
import { useSettingsForm } from './context';
import type { FormValues } from './form';

type FieldsOf<T> = {
  [K in keyof FormValues]-?: FormValues[K] extends T ? K : never;
}[keyof FormValues];

export interface BaseProps {
  label: string;
  hint?: ReactNode;
}

/** Error, lock and hint of one setting. */
export function useFieldState(name: keyof FormValues, hint?: ReactNode) {
  const t = useT();
  const { answer, errors, readOnly } = useSettingsForm();
  const variable = answer.environment[name as keyof Settings];
  const envNote = variable ? t('settings.env.locked', { variable }) : undefined;
  return {
    error: errors[name],
    disabled: readOnly || Boolean(variable),
    hint:
      envNote && hint ? (
        <>
          {envNote} {hint}
        </>
      ) : (
        (envNote ?? hint)
      ),
  };
}

export const TextSetting = ({
  name,
  label,
  hint,
  type = 'text',
  placeholder,
}: BaseProps & {
  name: FieldsOf<string>;
  type?: 'text' | 'email' | 'url';
  placeholder?: string;
}) => {
  const { values, setValue } = useSettingsForm();
  const state = useFieldState(name, hint);
  return (
    <Field.Root name={name} error={state.error} hint={state.hint}>
      <Field.Label>{label}</Field.Label>
      <Field.Input
        type={type}
        value={values[name]}
        placeholder={placeholder}
        disabled={state.disabled}
        onChange={(event) => setValue(name, event.target.value)}
      />
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
};

/** A number; empty means "not set" (the form decides whether that is allowed). */
export const NumberSetting = ({
  name,
  label,
  hint,
  step = 1,
  disabled,
}: BaseProps & { name: FieldsOf<number | undefined>; step?: number; disabled?: boolean }) => {
  const { values, setValue } = useSettingsForm();
  const state = useFieldState(name, hint);
  return (
    <Field.Root name={name} error={state.error} hint={state.hint}>
      <Field.Label>{label}</Field.Label>
      <NumberInput
        value={values[name] as number | undefined}
        step={step}
        disabled={state.disabled || disabled}
        onValueChange={(value) => setValue(name, value)}
      />
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
};

/** An amount typed in major units of the form's currency ("0.50", "500" for JPY). */
export const MoneySetting = ({
  name,
  label,
  hint,
}: BaseProps & { name: 'minimumPrice' | 'creditPrice' | 'localAiPricePerMegapixel' }) => {
  const { values, setValue } = useSettingsForm();
  const state = useFieldState(name, hint);
  return (
    <Field.Root name={name} error={state.error} hint={state.hint}>
      <Field.Label>{label}</Field.Label>
      <Field.Input
        inputMode="decimal"
        value={values[name]}
        disabled={state.disabled}
        onChange={(event) => setValue(name, event.target.value)}
        endAction={<CurrencyCode />}
      />
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
};

const CurrencyCode = () => {
  const { values } = useSettingsForm();
  return (
    <Typography variant="pi" textColor="neutral600">
      {values.currency.trim().toUpperCase()}
    </Typography>
  );
};

/**
 * The local-ai flat price of one resolution, in major units; empty means "priced per
 * megapixel". The server reports a bad one as `localAiFlatPrices.<resolution>`.
 */
export const FlatPriceSetting = ({
  resolution,
  label,
  hint,
  showObjectError = false,
}: BaseProps & { resolution: string; showObjectError?: boolean }) => {
  const { values, setValue, errors } = useSettingsForm();
  const state = useFieldState('localAiFlatPrices', hint);
  const error =
    errors[`localAiFlatPrices.${resolution}`] ?? (showObjectError ? state.error : undefined);
  return (
    <Field.Root name={`localAiFlatPrices.${resolution}`} error={error} hint={state.hint}>
      <Field.Label>{label}</Field.Label>
      <Field.Input
        inputMode="decimal"
        value={values.localAiFlatPrices[resolution] ?? ''}
        disabled={state.disabled}
        onChange={(event) =>
          setValue('localAiFlatPrices', {
            ...values.localAiFlatPrices,
            [resolution]: event.target.value,
          })
        }
        endAction={<CurrencyCode />}
      />
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
};

type SelectField =
  'saleMode' | 'upscaler' | 'localAiModel' | 'localAi8xMode' | 'localAiPricingMode';

export const SelectSetting = <K extends SelectField>({
  name,
  label,
  hint,
  options,
}: BaseProps & { name: K; options: Array<{ value: FormValues[K]; label: string }> }) => {
  const { values, setValue } = useSettingsForm();
  const state = useFieldState(name, hint);
  return (
    <Field.Root name={name} error={state.error} hint={state.hint}>
      <Field.Label>{label}</Field.Label>
      <SingleSelect
        value={values[name]}
        disabled={state.disabled}
        onChange={(value) => setValue(name, value as FormValues[K])}
      >
        {options.map((option) => (
          <SingleSelectOption key={option.value} value={option.value}>
            {option.label}
          </SingleSelectOption>
        ))}
      </SingleSelect>
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
};

/** A list typed one item per line. */
export const LinesSetting = ({
  name,
  label,
  hint,
  placeholder,
}: BaseProps & { name: 'allowedReturnOrigins'; placeholder?: string }) => {
  const { values, setValue, errors } = useSettingsForm();
  const state = useFieldState(name, hint);
  // The server reports a bad line as `allowedReturnOrigins.<index>`.
  const lineError = Object.entries(errors).find(([key]) => key.startsWith(`${name}.`));
  const error =
    state.error ??
    (lineError ? `${Number(lineError[0].split('.')[1]) + 1}: ${lineError[1]}` : undefined);
  return (
    <Field.Root name={name} error={error} hint={state.hint}>
      <Field.Label>{label}</Field.Label>
      <Textarea
        value={values[name]}
        placeholder={placeholder}
        disabled={state.disabled}
        onChange={(event) => setValue(name, event.target.value)}
      />
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
};
