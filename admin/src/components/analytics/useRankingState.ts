import { useState } from 'react';
import type { RankingAnswer } from '../../../../shared/contracts/analytics';
import {
  useRanking,
  type PeriodQuery,
  type RankingKind,
  type RankingRows,
  type Sort,
} from '../../api/analytics';
import { apiFailure } from '../../api/client';

const PAGE_SIZE = 10;
const DEFAULT_SORT: Sort = { key: 'revenue', direction: 'desc' };

/** One ranking on screen: its page of rows, sort and page, loading and error. */
export interface RankingState<T> {
  kind: RankingKind;
  data: RankingAnswer<T> | undefined;
  loading: boolean;
  error: string | null;
  reload: () => void;
  sort: Sort;
  setSort: (sort: Sort) => void;
  setPage: (page: number) => void;
}

/** One ranking's own state: sort and page, back to page 1 whenever the period changes. */
export function useRankingState<K extends RankingKind>(
  kind: K,
  period: PeriodQuery | null,
): RankingState<RankingRows[K]> {
  const [sort, setSort] = useState<Sort>(DEFAULT_SORT);
  const [paging, setPaging] = useState({ page: 1, period: '' });
  const periodKey = JSON.stringify(period);
  const page = paging.period === periodKey ? paging.page : 1;
  const ranking = useRanking(kind, period, { sort, page, pageSize: PAGE_SIZE });
  return {
    kind,
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
