import type { ReactNode } from 'react';
import {
  Box,
  Button,
  Flex,
  Loader,
  Table,
  Tbody,
  Td,
  TextButton,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { CaretDown, CaretUp, Download } from '@strapi/icons';
import type { AnalyticsSortKey } from '../../../../shared/contracts/analytics';
import type { Pagination } from '../../../../shared/contracts/pagination';
import type { Sort } from '../../api/analytics';
import { useT } from '../../utils/useT';
import { Pager } from '../Pager';

export interface Column<T> {
  id: string;
  label: string;
  /** Sortable columns name the server's sort key. */
  sortKey?: AnalyticsSortKey;
  numeric?: boolean;
  render: (row: T) => ReactNode;
}

export interface RankingTableProps<T> {
  title: string;
  columns: Column<T>[];
  rows: T[] | null;
  rowKey: (row: T) => string;
  sort: Sort;
  onSortChange: (sort: Sort) => void;
  pagination: Pagination | null;
  onPageChange: (page: number) => void;
  loading: boolean;
  error: string | null;
  onRetry: () => void;
  onExport: () => void;
  exporting: boolean;
}

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const;

/**
 * One ranking (per image or per page): sortable headers (a button each, `aria-sort` on
 * the header), server-side pages, a CSV export of the whole ranking, and its own loading,
 * empty and error states. The grid is named after its title.
 */
export function RankingTable<T>({
  title,
  columns,
  rows,
  rowKey,
  sort,
  onSortChange,
  pagination,
  onPageChange,
  loading,
  error,
  onRetry,
  onExport,
  exporting,
}: RankingTableProps<T>) {
  const t = useT();
  const headingId = `smi-analytics-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  const toggle = (key: AnalyticsSortKey) =>
    onSortChange(
      sort.key === key
        ? { key, direction: sort.direction === 'desc' ? 'asc' : 'desc' }
        : { key, direction: 'desc' },
    );
  const list = rows ?? [];
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
          onClick={onExport}
          loading={exporting}
          aria-label={t('analytics.export.tableLabel', { table: title })}
        >
          {t('analytics.export.table')}
        </Button>
      </Flex>
      {error ? (
        <Flex direction="column" alignItems="flex-start" gap={2} role="alert">
          <Typography textColor="danger600">{t('analytics.error', { message: error })}</Typography>
          <Button variant="tertiary" size="S" onClick={onRetry}>
            {t('analytics.retry')}
          </Button>
        </Flex>
      ) : (
        <>
          <Table
            colCount={columns.length}
            rowCount={list.length + 1}
            aria-label={title}
            aria-busy={loading}
          >
            <Thead>
              <Tr>
                {columns.map((column) => {
                  const active = column.sortKey !== undefined && sort.key === column.sortKey;
                  return (
                    <Th
                      key={column.id}
                      role="columnheader"
                      aria-sort={
                        active ? ARIA_SORT[sort.direction] : column.sortKey ? 'none' : undefined
                      }
                    >
                      {column.sortKey ? (
                        <TextButton
                          onClick={() => toggle(column.sortKey!)}
                          endIcon={
                            active ? (
                              sort.direction === 'desc' ? (
                                <CaretDown aria-hidden />
                              ) : (
                                <CaretUp aria-hidden />
                              )
                            ) : undefined
                          }
                        >
                          <Typography
                            variant="sigma"
                            textColor={active ? 'primary600' : 'neutral600'}
                          >
                            {column.label}
                          </Typography>
                        </TextButton>
                      ) : (
                        <Typography variant="sigma" textColor="neutral600">
                          {column.label}
                        </Typography>
                      )}
                    </Th>
                  );
                })}
              </Tr>
            </Thead>
            <Tbody>
              {list.length === 0 ? (
                <Tr>
                  <Td colSpan={columns.length}>
                    <Typography textColor="neutral600">
                      {loading ? t('analytics.loading') : t('analytics.table.empty')}
                    </Typography>
                  </Td>
                </Tr>
              ) : (
                list.map((row) => (
                  <Tr key={rowKey(row)}>
                    {columns.map((column) => (
                      <Td key={column.id}>
                        {column.numeric ? (
                          <Typography textColor="neutral800">{column.render(row)}</Typography>
                        ) : (
                          column.render(row)
                        )}
                      </Td>
                    ))}
                  </Tr>
                ))
              )}
            </Tbody>
          </Table>
          {pagination && pagination.pageCount > 1 ? (
            <Box paddingTop={3}>
              <Pager
                label={t('analytics.pager.label', { table: title })}
                page={pagination.page}
                pageCount={pagination.pageCount}
                onPageChange={onPageChange}
              />
            </Box>
          ) : null}
        </>
      )}
    </Box>
  );
}
