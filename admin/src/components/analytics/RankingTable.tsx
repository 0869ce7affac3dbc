import type { ReactNode } from 'react';
import { Box, Button, Flex, Loader, Typography } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import type { AnalyticsSortKey } from '../../../../shared/contracts/analytics';
import { useT } from '../../utils/useT';
import { Pager } from '../Pager';
import { SortableTable } from '../SortableTable';
import type { RankingLayout } from './rankingLayouts';
import type { RankingState } from './useRankingState';
import type { Exports } from './useExports';

export interface Column<T> {
  id: string;
  label: string;
  /** Sortable columns name the server's sort key. */
  sortKey?: AnalyticsSortKey;
  numeric?: boolean;
  render: (row: T) => ReactNode;
}

export interface RankingTableProps<T> {
  /** The ranking's page of rows, sort and state (useRankingState). */
  ranking: RankingState<T>;
  layout: RankingLayout<T>;
  /** The period's exports: this ranking's is the whole ranking, in its sort. */
  exports: Exports;
}

/**
 * One ranking (per image or per page): sortable headers (a button each, `aria-sort` on
 * the header), server-side pages, a CSV export of the whole ranking, and its own loading,
 * empty and error states. The grid is named after its title.
 */
export function RankingTable<T>({
  ranking,
  layout: { columns, rowKey },
  exports,
}: RankingTableProps<T>) {
  const t = useT();
  const { sort, loading, error } = ranking;
  const title = t(`analytics.${ranking.kind}.title`);
  const pagination = ranking.data?.pagination ?? null;
  const headingId = `smi-analytics-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  const toggle = (key: AnalyticsSortKey) =>
    ranking.setSort(
      sort.key === key
        ? { key, direction: sort.direction === 'desc' ? 'asc' : 'desc' }
        : { key, direction: 'desc' },
    );
  const list = ranking.data?.results ?? [];
  return (
    <Box
      background="neutral0"
      padding={6}
      shadow="filterShadow"
      hasRadius
      tag="section"
      aria-labelledby={headingId}
    >
      <Flex justifyContent="space-between" alignItems="center" paddingBottom={4} gap={2}>
        <Flex gap={2} alignItems="center">
          <Typography variant="delta" tag="h2" id={headingId}>
            {title}
          </Typography>
          {loading ? <Loader small>{t('analytics.loading')}</Loader> : null}
        </Flex>
        <Button
          variant="secondary"
          size="S"
          startIcon={<Download />}
          onClick={() => exports.run(ranking.kind, sort)}
          loading={exports.busy === ranking.kind}
          aria-label={t('analytics.export.tableLabel', { table: title })}
        >
          {t('analytics.export.table')}
        </Button>
      </Flex>
      {error ? (
        <Flex direction="column" alignItems="flex-start" gap={2} role="alert">
          <Typography textColor="danger600">{t('analytics.error', { message: error })}</Typography>
          <Button variant="tertiary" size="S" onClick={ranking.reload}>
            {t('common.retry')}
          </Button>
        </Flex>
      ) : (
        <>
          <SortableTable<T>
            label={title}
            busy={loading}
            rows={list}
            rowKey={rowKey}
            empty={
              <Typography textColor="neutral600">
                {loading ? t('analytics.loading') : t('analytics.table.empty')}
              </Typography>
            }
            columns={columns.map(({ id, label, sortKey, numeric, render }) => ({
              id,
              label,
              sort: sortKey && {
                direction: sort.key === sortKey ? sort.direction : null,
                onSort: () => toggle(sortKey),
              },
              render: numeric
                ? (row: T) => <Typography textColor="neutral800">{render(row)}</Typography>
                : render,
            }))}
          />
          {pagination && pagination.pageCount > 1 ? (
            <Box paddingTop={3}>
              <Pager
                label={t('analytics.pager.label', { table: title })}
                page={pagination.page}
                pageCount={pagination.pageCount}
                onPageChange={ranking.setPage}
              />
            </Box>
          ) : null}
        </>
      )}
    </Box>
  );
}
