import { Link as RouterLink } from 'react-router-dom';
import {
  Dots,
  Field,
  Flex,
  NextLink,
  PageLink,
  Pagination,
  PreviousLink,
  SingleSelect,
  SingleSelectOption,
} from '@strapi/design-system';
import { useT } from '../../utils/useT';
import { writeListState, type JobsListState } from './listState';
import { PAGE_SIZES } from './types';

/** Pages to show: the first, the last and two around the current one; null is a gap. */
export function pageWindow(page: number, pageCount: number): Array<number | null> {
  const wanted = new Set(
    [1, pageCount, page - 1, page, page + 1].filter((n) => n >= 1 && n <= pageCount),
  );
  const sorted = [...wanted].sort((a, b) => a - b);
  const out: Array<number | null> = [];
  sorted.forEach((n, i) => {
    if (i > 0 && n - sorted[i - 1] > 1) out.push(null);
    out.push(n);
  });
  return out;
}

interface Props {
  state: JobsListState;
  pageCount: number;
  update: (change: Partial<JobsListState>) => void;
}

/** Page links (real links: each page has its own URL) and the page-size select. */
export const JobsPagination = ({ state, pageCount, update }: Props) => {
  const t = useT();
  const to = (page: number) => ({ search: writeListState({ ...state, page }).toString() });
  return (
    <Flex justifyContent="space-between" alignItems="flex-end" paddingTop={4} gap={4} wrap="wrap">
      <Field.Root name="pageSize" width="120px">
        <Field.Label>{t('jobs.pagination.pageSize')}</Field.Label>
        <SingleSelect
          size="S"
          value={String(state.pageSize)}
          onChange={(value) => update({ pageSize: Number(value) })}
        >
          {PAGE_SIZES.map((size) => (
            <SingleSelectOption key={size} value={String(size)}>
              {String(size)}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      </Field.Root>
      {pageCount > 1 ? (
        <Pagination
          activePage={state.page}
          pageCount={pageCount}
          label={t('jobs.pagination.label')}
        >
          <PreviousLink tag={RouterLink} to={to(Math.max(1, state.page - 1))}>
            {t('jobs.pagination.previous')}
          </PreviousLink>
          {pageWindow(state.page, pageCount).map((page, i) =>
            page === null ? (
              <Dots key={`gap-${i}`}>{t('jobs.pagination.gap')}</Dots>
            ) : (
              <PageLink key={page} number={page} tag={RouterLink} to={to(page)}>
                {t('jobs.pagination.page', { page })}
              </PageLink>
            ),
          )}
          <NextLink tag={RouterLink} to={to(Math.min(pageCount, state.page + 1))}>
            {t('jobs.pagination.next')}
          </NextLink>
        </Pagination>
      ) : null}
    </Flex>
  );
};
