/** The analytics admin API: a period's key figures and daily series, the rankings, CSV exports. */
import { useFetchClient } from '@strapi/strapi/admin';
import { useMutation, useQuery } from 'react-query';
import type {
  AnalyticsSortKey,
  ExportKind,
  ImageRow,
  Overview,
  PageRow,
  RankingAnswer,
} from '../../../shared/contracts/analytics';
import type { SortDirection } from '../../../shared/contracts/pagination';
import { API, QUERY_OPTIONS, ROOT_KEY, type Answer } from './client';

/** What every analytics request carries: whole UTC days and, once chosen, a currency. */
export interface PeriodQuery {
  from: string;
  to: string;
  currency?: string;
}

export interface Sort {
  key: AnalyticsSortKey;
  direction: SortDirection;
}

export type RankingKind = 'images' | 'pages';
export interface RankingRows {
  images: ImageRow;
  pages: PageRow;
}

export interface RankingQuery {
  sort: Sort;
  page: number;
  pageSize: number;
}

export const analyticsKeys = {
  all: [...ROOT_KEY, 'analytics'] as const,
  overview: (period: PeriodQuery | null) => [...analyticsKeys.all, 'overview', period] as const,
  ranking: (kind: RankingKind, period: PeriodQuery | null, query: RankingQuery) =>
    [...analyticsKeys.all, kind, period, query] as const,
};

const periodParams = (period: PeriodQuery) => ({
  from: period.from,
  to: period.to,
  ...(period.currency ? { currency: period.currency } : {}),
});

const sortParam = (sort: Sort) => `${sort.key}:${sort.direction}`;

/** The key figures and the daily series of a period (kept on screen while another period loads); `null` asks nothing. */
export function useOverview(period: PeriodQuery | null) {
  const { get } = useFetchClient();
  return useQuery(
    analyticsKeys.overview(period),
    async () =>
      (
        await get<Answer<Overview>>(`${API}/analytics/overview`, {
          params: periodParams(period as PeriodQuery),
        })
      ).data.data,
    { ...QUERY_OPTIONS, enabled: period !== null, keepPreviousData: true },
  );
}

/** One page of a ranking (per image or per page), sorted on the server. */
export function useRanking<K extends RankingKind>(
  kind: K,
  period: PeriodQuery | null,
  query: RankingQuery,
) {
  const { get } = useFetchClient();
  return useQuery(
    analyticsKeys.ranking(kind, period, query),
    async () =>
      (
        await get<Answer<RankingAnswer<RankingRows[K]>>>(`${API}/analytics/${kind}`, {
          params: {
            ...periodParams(period as PeriodQuery),
            sort: sortParam(query.sort),
            page: query.page,
            pageSize: query.pageSize,
          },
        })
      ).data.data,
    { ...QUERY_OPTIONS, enabled: period !== null, keepPreviousData: true },
  );
}

export interface ExportRequest {
  kind: ExportKind;
  period: PeriodQuery;
  sort?: Sort;
}

/** The name the server gives the file too (Content-Disposition). */
const exportFileName = ({ kind, period }: ExportRequest) =>
  `sell-my-images-${kind}-${period.from}_${period.to}.csv`;

/**
 * Downloads an analytics CSV through the admin's authenticated client and hands it to the
 * browser as a file (a plain link would lack the admin's token).
 */
export function useCsvExport() {
  const { get } = useFetchClient();
  return useMutation(async (request: ExportRequest) => {
    const { data } = await get(`${API}/analytics/export`, {
      params: {
        kind: request.kind,
        ...periodParams(request.period),
        ...(request.sort ? { sort: sortParam(request.sort) } : {}),
      },
      responseType: 'blob',
    });
    saveFile(data, exportFileName(request));
  });
}

/** An object URL on a temporary link, clicked, then released (the privacy export uses it too). */
export function saveFile(content: Blob | string, fileName: string): void {
  const blob =
    content instanceof Blob ? content : new Blob([content], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Some browsers read the URL after click() returns: release it on the next tick.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
