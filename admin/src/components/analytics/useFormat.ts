import { useMemo } from 'react';
import { useIntl } from 'react-intl';
import { formatMoney } from '../../utils/formatMoney';
import { useT } from '../../utils/useT';

/** Number, money, percent and day formatting in the admin's locale; `null` shows as a dash. */
export function useFormat(currency: string) {
  const { locale, formatNumber, formatDate } = useIntl();
  const t = useT();
  return useMemo(() => {
    const none = t('analytics.none');
    return {
      none,
      money: (minor: number | null) =>
        minor === null ? none : formatMoney(minor, currency, locale),
      count: (n: number) => formatNumber(n),
      percent: (ratio: number | null) =>
        ratio === null ? none : formatNumber(ratio, { style: 'percent', maximumFractionDigits: 1 }),
      /** A UTC calendar day (`YYYY-MM-DD`) as the locale writes it, without shifting it to local time. */
      day: (day: string, style: 'short' | 'long' = 'long') =>
        formatDate(
          Date.parse(`${day}T00:00:00Z`),
          style === 'long'
            ? { timeZone: 'UTC', dateStyle: 'medium' }
            : { timeZone: 'UTC', month: 'short', day: 'numeric' },
        ),
    };
  }, [currency, locale, formatNumber, formatDate, t]);
}

export type Format = ReturnType<typeof useFormat>;
