import { useEffect } from 'react';
import { Box, Button, EmptyStateLayout, Flex, Loader, Typography } from '@strapi/design-system';
import { Layouts, Page } from '@strapi/strapi/admin';
import { JobsFilters } from '../components/jobs/JobsFilters';
import { JobsPagination } from '../components/jobs/JobsPagination';
import { JobsTable } from '../components/jobs/JobsTable';
import { isRangeInverted, toApiQuery } from '../components/jobs/listState';
import { shown, useJobList } from '../components/jobs/useJobsApi';
import { useListState } from '../components/jobs/useListState';
import { useT } from '../utils/useT';

/** Jobs: filterable, searchable, sortable, paginated; its whole state is in the URL. */
const JobsPage = () => {
  const t = useT();
  const { state, update, search } = useListState();
  // A backwards date range is explained next to the field instead of being sent for a 400.
  const { result, reload } = useJobList(isRangeInverted(state) ? null : toApiQuery(state));
  const data = shown(result);
  const total = data ? data.pagination.total : null;

  // A stale link past the last page (jobs were purged, the page size grew): go to the last page.
  const pageCount = result.state === 'ready' ? result.data.pagination.pageCount : 0;
  useEffect(() => {
    if (pageCount > 0 && state.page > pageCount) update({ page: pageCount }, { replace: true });
  }, [pageCount, state.page, update]);

  const body = () => {
    if (isRangeInverted(state)) return null;
    if (result.state === 'loading' && !data) {
      return (
        <Flex justifyContent="center" padding={8}>
          <Loader>{t('jobs.list.loading')}</Loader>
        </Flex>
      );
    }
    if (result.state === 'error') {
      return (
        <Flex
          direction="column"
          gap={4}
          padding={8}
          background="neutral0"
          hasRadius
          shadow="filterShadow"
          role="alert"
        >
          <Typography textColor="danger600">
            {t('jobs.list.error', { message: result.failure.message })}
          </Typography>
          <Button variant="secondary" onClick={reload}>
            {t('jobs.list.retry')}
          </Button>
        </Flex>
      );
    }
    if (!data) return null;
    const { results, pagination } = data;
    if (!results.length) {
      const filtered = !!(state.status || state.paymentStatus || state.q || state.from || state.to);
      return (
        <EmptyStateLayout
          content={t(filtered ? 'jobs.list.emptyFiltered' : 'jobs.list.empty')}
          hasRadius
          shadow="filterShadow"
        />
      );
    }
    return (
      <>
        <JobsTable
          jobs={results}
          state={state}
          listSearch={search}
          onSort={(sortField, sortDirection) => update({ sortField, sortDirection })}
        />
        <JobsPagination state={state} pageCount={pagination.pageCount} update={update} />
      </>
    );
  };

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
          <Box aria-busy={result.state === 'loading'}>{body()}</Box>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

export default JobsPage;
