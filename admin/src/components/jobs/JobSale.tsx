import { useIntl } from 'react-intl';
import { Box, Link, Typography } from '@strapi/design-system';
import type { AdminJob } from '../../../../shared/contracts/jobs';
import { useT } from '../../utils/useT';
import { Group, Item } from './JobFields';
import { useFormat } from './useFormat';

/** `fr` → "French" in the admin's language (the code itself where the browser has no name). */
function languageName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** 150 → "×1.5". */
const multiplier = (percent: number) => `×${(percent / 100).toString()}`;

/**
 * What the sale took (docs/architecture.md "Money rules"): the server's price (subtotal),
 * Stripe's discount and tax, what the buyer paid (and in their currency with adaptive
 * pricing), the licence sold with its text as it was then, the price rule, the buyer's
 * language and Stripe's hosted invoice.
 */
export const JobSale = ({ job }: { job: AdminJob }) => {
  const t = useT();
  const format = useFormat();
  const { locale } = useIntl();
  const money = (amount: number | null) => format.money(amount, job.currency) || '—';
  const tax =
    job.amountTax === null
      ? '—'
      : job.taxBehavior
        ? t('jobs.sale.taxWith', {
            amount: money(job.amountTax),
            behavior: t(`jobs.sale.taxBehavior.${job.taxBehavior}`),
          })
        : money(job.amountTax);
  const presentment =
    job.presentmentAmount !== null && job.presentmentCurrency
      ? format.money(job.presentmentAmount, job.presentmentCurrency)
      : null;

  return (
    <Group title={t('jobs.group.sale')}>
      <Item label={t('jobs.sale.subtotal')}>{money(job.amount)}</Item>
      <Item label={t('jobs.sale.discount')}>
        {job.amountDiscount ? `−${money(job.amountDiscount)}` : '—'}
      </Item>
      <Item label={t('jobs.sale.tax')}>{tax}</Item>
      <Item label={t('jobs.sale.total')}>{money(job.amountTotal)}</Item>
      {presentment ? <Item label={t('jobs.sale.presentment')}>{presentment}</Item> : null}
      <Item label={t('jobs.sale.licence')}>
        {job.licenceName ? (
          <>
            {job.licenceMultiplierPercent
              ? t('jobs.sale.licenceWith', {
                  name: job.licenceName,
                  multiplier: multiplier(job.licenceMultiplierPercent),
                })
              : job.licenceName}
            {job.licenceText ? (
              <Box tag="details" paddingTop={1}>
                <Typography
                  tag="summary"
                  variant="pi"
                  textColor="primary600"
                  style={{ cursor: 'pointer' }}
                >
                  {t('jobs.sale.licenceText')}
                </Typography>
                <Typography
                  tag="p"
                  variant="pi"
                  textColor="neutral700"
                  style={{ whiteSpace: 'pre-wrap' }}
                >
                  {job.licenceText}
                </Typography>
              </Box>
            ) : null}
          </>
        ) : (
          '—'
        )}
      </Item>
      <Item label={t('jobs.sale.priceRule')}>
        {job.priceRule ? t(`jobs.sale.priceRule.${job.priceRule}`) : '—'}
      </Item>
      <Item label={t('jobs.sale.locale')}>
        {job.locale ? languageName(job.locale, locale) : '—'}
      </Item>
      <Item label={t('jobs.sale.invoice')}>
        {job.invoiceUrl ? (
          <Link href={job.invoiceUrl} isExternal target="_blank" rel="noopener noreferrer">
            {t('jobs.sale.invoiceLink')}
          </Link>
        ) : (
          '—'
        )}
      </Item>
    </Group>
  );
};
