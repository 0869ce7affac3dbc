/**
 * The cart's quantity discounts: rows "from N images, P % off" (the best tier a cart reaches
 * applies), added and removed, at most MAX_QUANTITY_DISCOUNTS. The rows are checked by the
 * shared schema (validate.ts); a row's message is worded here from the schema's own bounds.
 * docs/architecture.md "Previews, cart and purchases".
 */
import { useRef } from 'react';
import {
  Box,
  Button,
  Field,
  Flex,
  IconButton,
  NumberInput,
  Typography,
} from '@strapi/design-system';
import { Plus, Trash } from '@strapi/icons';
import {
  MAX_QUANTITY_DISCOUNTS,
  quantityDiscountSchema,
  type QuantityDiscount,
} from '../../../../shared/contracts/settings-buyer';
import { useT } from '../../utils/useT';
import { Note } from './CommerceSections';
import { useSettingsForm } from './context';

type TierField = keyof QuantityDiscount;

/** The bounds of each cell, read from the shared schema. */
export const TIER_BOUNDS: Record<TierField, { min: number; max: number }> = {
  minItems: {
    min: quantityDiscountSchema.shape.minItems.minValue ?? 2,
    max: quantityDiscountSchema.shape.minItems.maxValue ?? 100,
  },
  percentOff: {
    min: quantityDiscountSchema.shape.percentOff.minValue ?? 1,
    max: quantityDiscountSchema.shape.percentOff.maxValue ?? 90,
  },
};

const inBounds = (field: TierField, value: number) =>
  Number.isInteger(value) && value >= TIER_BOUNDS[field].min && value <= TIER_BOUNDS[field].max;

/** The next row offered: one image more than the last tier, five points more off. */
export function nextTier(rows: readonly QuantityDiscount[]): QuantityDiscount {
  const last = rows.at(-1);
  if (!last) return { minItems: 3, percentOff: 10 };
  const { minItems, percentOff } = TIER_BOUNDS;
  return {
    minItems: Math.min(minItems.max, (Number.isFinite(last.minItems) ? last.minItems : 2) + 1),
    percentOff: Math.min(
      percentOff.max,
      (Number.isFinite(last.percentOff) ? last.percentOff : 5) + 5,
    ),
  };
}

const visuallyHidden = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
} as const;

/** One number of a row, named for assistive tech ("Images, tier 2"), with its own error. */
const TierCell = ({
  label,
  value,
  error,
  disabled,
  unit,
  onChange,
}: {
  label: string;
  value: number;
  error?: string;
  disabled: boolean;
  unit: string;
  onChange: (value: number) => void;
}) => (
  <Field.Root error={error}>
    <Field.Label style={visuallyHidden}>{label}</Field.Label>
    <Flex gap={2} alignItems="center">
      <Box style={{ width: '7rem' }}>
        <NumberInput
          value={Number.isNaN(value) ? undefined : value}
          step={1}
          disabled={disabled}
          // An emptied cell is "no number": the schema says so at the cell.
          onValueChange={(next) => onChange(next === undefined ? Number.NaN : next)}
        />
      </Box>
      <Typography textColor="neutral600">{unit}</Typography>
    </Flex>
    <Field.Error />
  </Field.Root>
);

export const QuantityDiscountsTable = () => {
  const t = useT();
  const { values, setValue, errors, readOnly, answer } = useSettingsForm();
  const rows = values.quantityDiscounts;
  const variable = answer.environment.quantityDiscounts;
  const disabled = readOnly || Boolean(variable);
  // A key per row that follows it when a row above is removed: a number input keeps the
  // text typed in it, so a row must keep its own input.
  const keys = useRef<number[]>([]);
  const lastKey = useRef(0);
  while (keys.current.length < rows.length) keys.current.push((lastKey.current += 1));
  keys.current.length = rows.length;
  const set = (next: QuantityDiscount[]) => setValue('quantityDiscounts', next);
  const remove = (index: number) => {
    keys.current.splice(index, 1);
    set(rows.filter((_, i) => i !== index));
  };
  const update = (index: number, field: TierField, value: number) =>
    set(rows.map((row, i) => (i === index ? { ...row, [field]: value } : row)));
  const message = (index: number, field: TierField): string | undefined => {
    if (!errors[`quantityDiscounts.${index}.${field}`]) return undefined;
    const value = rows[index]?.[field] ?? Number.NaN;
    // In bounds yet refused: another tier starts at the same number.
    if (inBounds(field, value)) return t('settings.buyer.tiers.error.duplicate');
    return t(`settings.buyer.tiers.error.${field}`, TIER_BOUNDS[field]);
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      {variable ? <Note>{t('settings.env.locked', { variable })}</Note> : null}
      {rows.length === 0 ? (
        <Note>{t('settings.buyer.tiers.empty')}</Note>
      ) : (
        <Box
          tag="table"
          width="100%"
          aria-label={t('settings.buyer.tiers.table')}
          style={{ borderCollapse: 'collapse' }}
        >
          <thead>
            <tr>
              {['minItems', 'percentOff', 'actions'].map((column) => (
                <Box key={column} tag="th" scope="col" textAlign="left" paddingBottom={2}>
                  <Typography variant="sigma" textColor="neutral600">
                    {t(`settings.buyer.tiers.${column}`)}
                  </Typography>
                </Box>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => {
              const n = { n: index + 1 };
              return (
                <Box
                  tag="tr"
                  key={keys.current[index]}
                  borderColor="neutral150"
                  style={{ verticalAlign: 'top', borderTop: '1px solid' }}
                >
                  <Box tag="td" paddingTop={2} paddingBottom={2} paddingRight={3}>
                    <TierCell
                      label={t('settings.buyer.tiers.minItems.label', n)}
                      unit={t('settings.buyer.tiers.minItems.unit')}
                      value={row.minItems}
                      error={message(index, 'minItems')}
                      disabled={disabled}
                      onChange={(value) => update(index, 'minItems', value)}
                    />
                  </Box>
                  <Box tag="td" paddingTop={2} paddingBottom={2} paddingRight={3}>
                    <TierCell
                      label={t('settings.buyer.tiers.percentOff.label', n)}
                      unit={t('settings.buyer.tiers.percentOff.unit')}
                      value={row.percentOff}
                      error={message(index, 'percentOff')}
                      disabled={disabled}
                      onChange={(value) => update(index, 'percentOff', value)}
                    />
                  </Box>
                  <Box tag="td" paddingTop={2} paddingBottom={2}>
                    <IconButton
                      label={t('settings.buyer.tiers.remove', n)}
                      variant="ghost"
                      disabled={disabled}
                      onClick={() => remove(index)}
                    >
                      <Trash />
                    </IconButton>
                  </Box>
                </Box>
              );
            })}
          </tbody>
        </Box>
      )}
      {errors.quantityDiscounts ? (
        <Typography variant="pi" textColor="danger600" role="alert">
          {errors.quantityDiscounts}
        </Typography>
      ) : null}
      <Flex gap={3} alignItems="center">
        <Button
          variant="secondary"
          startIcon={<Plus />}
          disabled={disabled || rows.length >= MAX_QUANTITY_DISCOUNTS}
          onClick={() => set([...rows, nextTier(rows)])}
        >
          {t('settings.buyer.tiers.add')}
        </Button>
        <Typography variant="pi" textColor="neutral600">
          {t('settings.buyer.tiers.hint', { max: MAX_QUANTITY_DISCOUNTS })}
        </Typography>
      </Flex>
    </Flex>
  );
};
