import { useMemo } from 'react';
import { useIntl } from 'react-intl';
import { formatMoney } from '../../utils/formatMoney';

/** Dates and amounts in the admin's locale. */
export function useFormat() {
  const intl = useIntl();
  return useMemo(
    () => ({
      dateTime: (value: unknown) =>
        typeof value === 'string' || typeof value === 'number'
          ? intl.formatDate(value, { dateStyle: 'medium', timeStyle: 'short' })
          : '',
      money: (amount: number | null | undefined, currency: string | null | undefined) =>
        amount == null || !currency ? '' : formatMoney(amount, currency, intl.locale),
      number: (value: number) => intl.formatNumber(value),
    }),
    [intl],
  );
}
