import type { ComponentType } from 'react';
import { Grid } from '@strapi/design-system';
import {
  FlatPriceSetting,
  LinesSetting,
  MoneySetting,
  NumberSetting,
  SelectSetting,
  TextSetting,
  ToggleSetting,
  type FlatPriceSettingProps,
  type LinesSettingProps,
  type MoneySettingProps,
  type NumberSettingProps,
  type SelectField,
  type SelectSettingProps,
  type TextSettingProps,
  type ToggleSettingProps,
} from './fields';
import { SecretSetting, type SecretSettingProps } from './SecretSetting';
import { Section } from './Section';
import { useT } from '../../utils/useT';

type SelectSpec = {
  [K in SelectField]: { kind: 'select' } & SelectSettingProps<K>;
}[SelectField];

/**
 * One setting of a section, described by data: which input, for which field, with which
 * words (message ids after the section's own, e.g. `expiry` for `settings.delivery.expiry`).
 */
export type SettingSpec =
  | ({ kind: 'text' } & TextSettingProps)
  | ({ kind: 'number' } & NumberSettingProps)
  | ({ kind: 'money' } & MoneySettingProps)
  | ({ kind: 'flatPrice' } & FlatPriceSettingProps)
  | ({ kind: 'lines' } & LinesSettingProps)
  | ({ kind: 'secret' } & SecretSettingProps)
  | ({ kind: 'toggle' } & ToggleSettingProps)
  | SelectSpec;

/** The input of each kind of setting. */
const INPUTS: { [K in SettingSpec['kind']]: ComponentType<Extract<SettingSpec, { kind: K }>> } = {
  text: TextSetting,
  number: NumberSetting,
  money: MoneySetting,
  flatPrice: FlatPriceSetting,
  lines: LinesSetting,
  secret: SecretSetting,
  toggle: ToggleSetting,
  select: SelectSetting,
};

const Setting = ({ spec, messages }: { spec: SettingSpec; messages: string }) => {
  // The kind picks the input made for that very spec.
  const Input = INPUTS[spec.kind] as ComponentType<SettingSpec>;
  return (
    <Input
      {...spec}
      message={`${messages}.${spec.message}`}
      hint={spec.hint && `${messages}.${spec.hint}`}
    />
  );
};

const keyOf = (spec: SettingSpec): string =>
  spec.kind === 'flatPrice' ? `localAiFlatPrices.${spec.resolution}` : spec.name;

interface SettingsGridProps {
  /** The message ids of the fields' words start with it: `<messages>.<message>`. */
  messages: string;
  fields: SettingSpec[];
}

/** The settings of a section, in order: two per row on wide screens, one per row on narrow ones. */
export const SettingsGrid = ({ messages, fields }: SettingsGridProps) => (
  <Grid.Root gap={5}>
    {fields.map((spec) => (
      <Grid.Item key={keyOf(spec)} col={6} xs={12} direction="column" alignItems="stretch">
        <Setting spec={spec} messages={messages} />
      </Grid.Item>
    ))}
  </Grid.Root>
);

/** A section that only holds settings; its title and description are `<messages>.title` and `.description`. */
export const SettingsSection = ({ messages, fields }: SettingsGridProps) => {
  const t = useT();
  return (
    <Section title={t(`${messages}.title`)} description={t(`${messages}.description`)}>
      <SettingsGrid messages={messages} fields={fields} />
    </Section>
  );
};
