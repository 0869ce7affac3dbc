import { useMemo, useState } from 'react';
import { Box, Button, EmptyStateLayout, Flex } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useOverview, type PeriodQuery } from '../api/analytics';
import { useT } from '../utils/useT';
import { LoadState } from '../components/LoadState';
import { PeriodPicker } from '../components/analytics/PeriodPicker';
import { SummaryCards } from '../components/analytics/SummaryCards';
import { RevenueChart } from '../components/analytics/RevenueChart';
import { RankingTable } from '../components/analytics/RankingTable';
import { useRankingLayouts } from '../components/analytics/rankingLayouts';
import { presetRange, rangeProblem, type Preset } from '../components/analytics/period';
import { useExports } from '../components/analytics/useExports';
import { useFormat } from '../components/analytics/useFormat';
import { useRankingState } from '../components/analytics/useRankingState';

/**
 * Analytics (RBAC analytics.read): key figures of a period, revenue and sales per day,
 * rankings per image and per page, CSV exports. Every figure comes aggregated from the
 * server (`/sell-my-images/analytics/*`); this page only lays them out.
 */
const AnalyticsPage = () => {
  const t = useT();
  const [preset, setPreset] = useState<Preset>('30');
  const [custom, setCustom] = useState(() => presetRange('30'));
  const [currency, setCurrency] = useState<string | null>(null);
  const problem = preset === 'custom' ? rangeProblem(custom.from, custom.to) : null;

  const period = useMemo<PeriodQuery | null>(() => {
    const range = preset === 'custom' ? (problem ? null : custom) : presetRange(preset);
    return range && { ...range, ...(currency ? { currency } : {}) };
  }, [preset, custom, problem, currency]);

  const overview = useOverview(period);
  const images = useRankingState('images', period);
  const pages = useRankingState('pages', period);
  const exports = useExports(period);

  const data = overview.data ?? null;
  const shownCurrency = data?.currency ?? images.data?.currency ?? 'usd';
  const format = useFormat(shownCurrency);
  const layouts = useRankingLayouts(format);

  return (
    <Page.Main>
      <Page.Title>{t('analytics.title')}</Page.Title>
      <Layouts.Header
        title={t('analytics.title')}
        subtitle={t('analytics.subtitle')}
        primaryAction={
          <Button
            startIcon={<Download />}
            disabled={!period}
            loading={exports.busy === 'sales'}
            onClick={() => exports.run('sales')}
          >
            {t('analytics.export.sales')}
          </Button>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
            <PeriodPicker
              preset={preset}
              onPresetChange={(next) => {
                // Custom dates start from the period on screen.
                if (next === 'custom' && preset !== 'custom') setCustom(presetRange(preset));
                setPreset(next);
              }}
              custom={custom}
              onCustomChange={setCustom}
              problem={problem}
              rangeText={
                period
                  ? t('analytics.period.range', {
                      from: format.day(period.from),
                      to: format.day(period.to),
                    })
                  : null
              }
              currency={data?.currency ?? null}
              currencies={data?.currencies ?? []}
              onCurrencyChange={setCurrency}
            />
          </Box>
          <LoadState
            query={overview}
            errorMessage="analytics.error"
            loadingMessage={period ? 'analytics.loading' : undefined}
          >
            {(shown) =>
              shown.sales === 0 && shown.clicks === 0 && shown.refundedSales === 0 ? (
                <EmptyStateLayout content={t('analytics.empty')} hasRadius shadow="filterShadow" />
              ) : (
                <>
                  <Flex
                    direction="column"
                    alignItems="stretch"
                    gap={6}
                    aria-busy={overview.isFetching}
                  >
                    <SummaryCards overview={shown} format={format} />
                    <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
                      <RevenueChart
                        series={shown.series}
                        from={shown.from}
                        to={shown.to}
                        format={format}
                      />
                    </Box>
                  </Flex>
                  <RankingTable ranking={images} layout={layouts.images} exports={exports} />
                  <RankingTable ranking={pages} layout={layouts.pages} exports={exports} />
                </>
              )
            }
          </LoadState>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

export default AnalyticsPage;
