import { Field, Flex, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { useT } from '../../utils/useT';
import { DateRangeFields, type DateRange } from '../DateRangeFields';
import { MAX_RANGE_DAYS, PRESETS, type Preset, type RangeProblem } from './period';

export interface PeriodPickerProps {
  preset: Preset;
  onPresetChange: (preset: Preset) => void;
  custom: DateRange;
  onCustomChange: (range: DateRange) => void;
  /** Why the custom dates cannot be used (shown under them), or null. */
  problem: RangeProblem | null;
  /** The period in effect, shown as text (e.g. "2025-03-01 to 2025-03-30 (UTC)"). */
  rangeText: string | null;
  currency: string | null;
  currencies: string[];
  onCurrencyChange: (currency: string) => void;
}

/** Period presets (7/30/90 days), custom UTC dates, and the currency when sales use several. */
export const PeriodPicker = ({
  preset,
  onPresetChange,
  custom,
  onCustomChange,
  problem,
  rangeText,
  currency,
  currencies,
  onCurrencyChange,
}: PeriodPickerProps) => {
  const t = useT();
  const problemText =
    problem === 'tooLong'
      ? t('analytics.period.tooLong', { days: MAX_RANGE_DAYS })
      : problem
        ? t(`analytics.period.${problem}`)
        : undefined;
  return (
    <Flex gap={4} alignItems="flex-end" wrap="wrap">
      <Field.Root name="period" id="smi-analytics-period">
        <Field.Label>{t('analytics.period.label')}</Field.Label>
        <SingleSelect value={preset} onChange={(value) => onPresetChange(String(value) as Preset)}>
          {PRESETS.map((p) => (
            <SingleSelectOption key={p} value={p}>
              {t(`analytics.period.${p}`)}
            </SingleSelectOption>
          ))}
          <SingleSelectOption value="custom">{t('analytics.period.custom')}</SingleSelectOption>
        </SingleSelect>
      </Field.Root>
      {preset === 'custom' ? (
        <DateRangeFields
          range={custom}
          onChange={(change) => onCustomChange({ ...custom, ...change })}
          labels={{ from: t('analytics.period.from'), to: t('analytics.period.to') }}
          error={problemText}
          ids={{ from: 'smi-analytics-from', to: 'smi-analytics-to' }}
        />
      ) : null}
      {currencies.length > 1 && currency ? (
        <Field.Root name="currency" id="smi-analytics-currency">
          <Field.Label>{t('analytics.currency.label')}</Field.Label>
          <SingleSelect value={currency} onChange={(value) => onCurrencyChange(String(value))}>
            {currencies.map((code) => (
              <SingleSelectOption key={code} value={code}>
                {code.toUpperCase()}
              </SingleSelectOption>
            ))}
          </SingleSelect>
        </Field.Root>
      ) : null}
      {rangeText ? (
        <Typography variant="pi" textColor="neutral600" aria-live="polite">
          {rangeText}
        </Typography>
      ) : null}
    </Flex>
  );
};
