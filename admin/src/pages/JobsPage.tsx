import { Box, EmptyStateLayout, Flex } from '@strapi/design-system';
import { Layouts, Page } from '@strapi/strapi/admin';
import { JOB_PAGE_SIZES, type JobListAnswer } from '../../../shared/contracts/jobs';
import { useJobList } from '../api/jobs';
import { JobsFilters } from '../components/jobs/JobsFilters';
import { JobsTable } from '../components/jobs/JobsTable';
import {
  isRangeInverted,
  jobsListParams,
  listSearch,
  toApiQuery,
} from '../components/jobs/listParams';
import { LoadState } from '../components/LoadState';
import { Pager } from '../components/Pager';
import { useLastPageBound, useListParams } from '../hooks/useListParams';
import { useT } from '../utils/useT';

/** Jobs: filterable, searchable, sortable, paginated; its whole state is in the URL. */
const JobsPage = () => {
  const t = useT();
  const { state, update } = useListParams(jobsListParams);
  // A backwards date range is explained next to the field instead of being sent for a 400.
  const inverted = isRangeInverted(state);
  const list = useJobList(inverted ? null : toApiQuery(state));
  const data = list.data;
  const total = data ? data.pagination.total : null;

  useLastPageBound(
    state.page,
    list.isPreviousData ? undefined : data?.pagination.pageCount,
    (page) => update({ page }, { replace: true }),
  );

  const filtered = !!(state.status || state.paymentStatus || state.q || state.from || state.to);
  const body = ({ results, pagination }: JobListAnswer) =>
    results.length ? (
      <>
        <JobsTable
          jobs={results}
          state={state}
          listSearch={listSearch(state)}
          onSort={(sortField, sortDirection) => update({ sortField, sortDirection })}
        />
        <Box paddingTop={4}>
          <Pager
            label={t('jobs.pagination.label')}
            page={state.page}
            pageCount={pagination.pageCount}
            pageLink={(page) => ({ search: listSearch({ ...state, page }) })}
            pageSize={{
              label: t('jobs.pagination.pageSize'),
              value: state.pageSize,
              options: JOB_PAGE_SIZES,
              onChange: (pageSize) => update({ pageSize }),
            }}
          />
        </Box>
      </>
    ) : (
      <EmptyStateLayout
        content={t(filtered ? 'jobs.list.emptyFiltered' : 'jobs.list.empty')}
        hasRadius
        shadow="filterShadow"
      />
    );

  return (
    <Page.Main>
      <Page.Title>{t('jobs.title')}</Page.Title>
      <Layouts.Header
        title={t('jobs.title')}
        subtitle={total === null ? t('jobs.subtitle') : t('jobs.list.total', { total })}
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Box background="neutral0" padding={4} hasRadius shadow="filterShadow">
            <JobsFilters state={state} update={update} />
          </Box>
          <Box aria-busy={list.isFetching}>
            {inverted ? null : (
              <LoadState
                query={list}
                errorMessage="jobs.list.error"
                loadingMessage="jobs.list.loading"
              >
                {body}
              </LoadState>
            )}
          </Box>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

export default JobsPage;
