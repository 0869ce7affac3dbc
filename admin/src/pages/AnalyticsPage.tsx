import { useMemo, useState } from 'react';
import { Box, Button, EmptyStateLayout, Flex, Loader, Typography } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { Layouts, Page, useNotification } from '@strapi/strapi/admin';
import type { ExportKind, ImageRow, PageRow } from '../../../shared/contracts/analytics';
import {
  useCsvExport,
  useOverview,
  useRanking,
  type PeriodQuery,
  type RankingKind,
  type Sort,
} from '../api/analytics';
import { apiFailure } from '../api/client';
import { useT } from '../utils/useT';
import { PeriodPicker } from '../components/analytics/PeriodPicker';
import { SummaryCards } from '../components/analytics/SummaryCards';
import { RevenueChart } from '../components/analytics/RevenueChart';
import { RankingTable, type Column } from '../components/analytics/RankingTable';
import { ImageCell } from '../components/analytics/ImageCell';
import { presetRange, rangeProblem, type Preset } from '../components/analytics/period';
import { useFormat, type Format } from '../components/analytics/useFormat';

const PAGE_SIZE = 10;
const DEFAULT_SORT: Sort = { key: 'revenue', direction: 'desc' };

/** The figure columns both rankings share. */
function countColumns<
  T extends { clicks: number; sales: number; conversion: number | null; revenue: number },
>(t: ReturnType<typeof useT>, format: Format): Column<T>[] {
  return [
    {
      id: 'clicks',
      label: t('analytics.column.clicks'),
      sortKey: 'clicks',
      numeric: true,
      render: (row) => format.count(row.clicks),
    },
    {
      id: 'sales',
      label: t('analytics.column.sales'),
      sortKey: 'sales',
      numeric: true,
      render: (row) => format.count(row.sales),
    },
    {
      id: 'conversion',
      label: t('analytics.column.conversion'),
      sortKey: 'conversion',
      numeric: true,
      render: (row) => format.percent(row.conversion),
    },
    {
      id: 'revenue',
      label: t('analytics.column.revenue'),
      sortKey: 'revenue',
      numeric: true,
      render: (row) => format.money(row.revenue),
    },
  ];
}

/** One ranking's own state: sort and page, back to page 1 whenever the period changes. */
function useRankingState<K extends RankingKind>(kind: K, period: PeriodQuery | null) {
  const [sort, setSort] = useState<Sort>(DEFAULT_SORT);
  const [paging, setPaging] = useState({ page: 1, period: '' });
  const periodKey = JSON.stringify(period);
  const page = paging.period === periodKey ? paging.page : 1;
  const ranking = useRanking(kind, period, { sort, page, pageSize: PAGE_SIZE });
  return {
    data: ranking.data,
    loading: ranking.isFetching,
    error: ranking.isError ? apiFailure(ranking.error).message : null,
    reload: () => void ranking.refetch(),
    sort,
    setSort: (next: Sort) => {
      setSort(next);
      setPaging({ page: 1, period: periodKey });
    },
    setPage: (next: number) => setPaging({ page: next, period: periodKey }),
  };
}

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
  const { toggleNotification } = useNotification();
  const csv = useCsvExport();
  const busy: ExportKind | null = csv.isLoading ? (csv.variables?.kind ?? null) : null;
  const exportCsv = (kind: ExportKind, sort?: Sort) => {
    if (!period) return;
    csv.mutateAsync({ kind, period, sort }).catch((error: unknown) =>
      toggleNotification({
        type: 'danger',
        message: t('analytics.export.failed', { message: apiFailure(error).message }),
      }),
    );
  };

  const data = overview.data ?? null;
  const shownCurrency = data?.currency ?? images.data?.currency ?? 'usd';
  const format = useFormat(shownCurrency);
  const numbers = countColumns<ImageRow>(t, format);
  const imageColumns: Column<ImageRow>[] = [
    { id: 'image', label: t('analytics.images.column'), render: (row) => <ImageCell row={row} /> },
    ...numbers,
  ];
  const pageColumns: Column<PageRow>[] = [
    {
      id: 'page',
      label: t('analytics.pages.column'),
      render: (row) => (
        <Typography
          textColor={row.sourcePage ? 'neutral800' : 'neutral600'}
          ellipsis
          title={row.sourcePage ?? undefined}
          style={{ maxWidth: '40rem', display: 'block' }}
        >
          {row.sourcePage ?? t('analytics.pages.unknown')}
        </Typography>
      ),
    },
    ...countColumns<PageRow>(t, format),
  ];
  const nothing =
    data !== null && data.sales === 0 && data.clicks === 0 && data.refundedSales === 0;

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
            loading={busy === 'sales'}
            onClick={() => exportCsv('sales')}
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
          {overview.isError ? (
            <Flex
              direction="column"
              alignItems="flex-start"
              gap={2}
              role="alert"
              background="neutral0"
              padding={6}
              hasRadius
              shadow="filterShadow"
            >
              <Typography textColor="danger600">
                {t('analytics.error', { message: apiFailure(overview.error).message })}
              </Typography>
              <Button variant="secondary" onClick={() => void overview.refetch()}>
                {t('analytics.retry')}
              </Button>
            </Flex>
          ) : !data ? (
            period ? (
              <Loader>{t('analytics.loading')}</Loader>
            ) : null
          ) : nothing ? (
            <EmptyStateLayout content={t('analytics.empty')} hasRadius shadow="filterShadow" />
          ) : (
            <Flex direction="column" alignItems="stretch" gap={6} aria-busy={overview.isFetching}>
              <SummaryCards overview={data} format={format} />
              <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
                <RevenueChart series={data.series} from={data.from} to={data.to} format={format} />
              </Box>
            </Flex>
          )}
          {data && !nothing ? (
            <>
              <RankingTable<ImageRow>
                title={t('analytics.images.title')}
                columns={imageColumns}
                rows={images.data?.results ?? null}
                rowKey={(row) => String(row.fileId)}
                sort={images.sort}
                onSortChange={images.setSort}
                pagination={images.data?.pagination ?? null}
                onPageChange={images.setPage}
                loading={images.loading}
                error={images.error}
                onRetry={images.reload}
                onExport={() => exportCsv('images', images.sort)}
                exporting={busy === 'images'}
              />
              <RankingTable<PageRow>
                title={t('analytics.pages.title')}
                columns={pageColumns}
                rows={pages.data?.results ?? null}
                rowKey={(row) => row.sourcePage ?? ''}
                sort={pages.sort}
                onSortChange={pages.setSort}
                pagination={pages.data?.pagination ?? null}
                onPageChange={pages.setPage}
                loading={pages.loading}
                error={pages.error}
                onRetry={pages.reload}
                onExport={() => exportCsv('pages', pages.sort)}
                exporting={busy === 'pages'}
              />
            </>
          ) : null}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

export default AnalyticsPage;
