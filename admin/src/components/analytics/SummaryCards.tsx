import { Box, Grid, Typography } from '@strapi/design-system';
import { useT } from '../../utils/useT';
import type { Format } from './useFormat';
import type { Overview } from '../../../../shared/contracts/analytics';

interface Card {
  id: string;
  value: string;
  hint?: string;
  tone?: 'danger600' | 'neutral800';
}

/**
 * The key figures of the period. Each card is a `group` named after its title, so a
 * screen reader (and a browser test) reads "Revenue, $12.34" as one unit.
 */
export const SummaryCards = ({ overview, format }: { overview: Overview; format: Format }) => {
  const t = useT();
  const cards: Card[] = [
    {
      id: 'revenue',
      value: format.money(overview.revenue),
      hint: t('analytics.cards.revenue.hint'),
    },
    { id: 'cost', value: format.money(overview.cost) },
    {
      id: 'profit',
      value: format.money(overview.profit),
      tone: overview.profit < 0 ? 'danger600' : undefined,
    },
    {
      id: 'margin',
      value: format.percent(overview.margin),
      tone: overview.margin !== null && overview.margin < 0 ? 'danger600' : undefined,
    },
    { id: 'sales', value: format.count(overview.sales) },
    { id: 'averageSale', value: format.money(overview.averageSale) },
    { id: 'uniqueCustomers', value: format.count(overview.uniqueCustomers) },
    { id: 'clicks', value: format.count(overview.clicks) },
    { id: 'conversionRate', value: format.percent(overview.conversionRate) },
    {
      id: 'refunds',
      value: format.money(overview.refundedAmount),
      hint: t('analytics.cards.refunds.hint', { count: overview.refundedSales }),
    },
  ];
  // Tax (Stripe Tax) and promotion-code discounts are apart from revenue: shown when there were any.
  if (overview.tax > 0)
    cards.push({
      id: 'tax',
      value: format.money(overview.tax),
      hint: t('analytics.cards.tax.hint'),
    });
  if (overview.discounts > 0)
    cards.push({
      id: 'discounts',
      value: format.money(overview.discounts),
      hint: t('analytics.cards.discounts.hint'),
    });
  // The buyer's funnel (docs/architecture.md "Previews, cart and purchases"): shown when
  // there was any, so a shop without previews nor cart keeps its page as it was.
  if (overview.previewViews > 0)
    cards.push({
      id: 'previewViews',
      value: format.count(overview.previewViews),
      hint: t('analytics.cards.previewViews.hint'),
    });
  if (overview.cartAdds > 0)
    cards.push({
      id: 'cartAdds',
      value: format.count(overview.cartAdds),
      hint: t('analytics.cards.cartAdds.hint'),
    });
  if (overview.cartCheckouts > 0)
    cards.push({
      id: 'cartCheckouts',
      value: format.count(overview.cartCheckouts),
      hint: t('analytics.cards.cartCheckouts.hint'),
    });
  if (overview.previewViews > 0 && overview.previewConversion !== null)
    cards.push({
      id: 'previewConversion',
      value: format.percent(overview.previewConversion),
      hint: t('analytics.cards.previewConversion.hint'),
    });
  return (
    <Grid.Root gap={4} tag="section" aria-label={t('analytics.cards.label')}>
      {cards.map((card) => {
        const title = t(`analytics.cards.${card.id}`);
        return (
          <Grid.Item key={card.id} col={3} s={6} xs={12} direction="column" alignItems="stretch">
            <Box
              role="group"
              aria-label={title}
              data-card={card.id}
              background="neutral0"
              padding={4}
              shadow="tableShadow"
              hasRadius
              width="100%"
            >
              <Typography variant="sigma" textColor="neutral600" tag="p">
                {title}
              </Typography>
              <Typography variant="beta" tag="p" textColor={card.tone ?? 'neutral800'} data-value>
                {card.value}
              </Typography>
              {card.hint ? (
                <Typography variant="pi" textColor="neutral600" tag="p">
                  {card.hint}
                </Typography>
              ) : null}
            </Box>
          </Grid.Item>
        );
      })}
    </Grid.Root>
  );
};
