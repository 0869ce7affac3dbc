import { Link as RouterLink, useLocation, useParams } from 'react-router-dom';
import { Box, Button, Flex, Grid, Link, Loader, Typography } from '@strapi/design-system';
import { ArrowLeft } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import { JobActions } from '../components/jobs/JobActions';
import { JobFields } from '../components/jobs/JobFields';
import { JobTimeline } from '../components/jobs/JobTimeline';
import { apiFailure } from '../api/client';
import { useJobDetail } from '../api/jobs';
import { useT } from '../utils/useT';

/** The list's query string travels in the link's state, so "back" restores its filters. */
const BackLink = () => {
  const t = useT();
  const { state } = useLocation() as { state: { listSearch?: string } | null };
  return (
    <Link
      tag={RouterLink}
      to={{ pathname: '..', search: state?.listSearch ?? '' }}
      relative="path"
      startIcon={<ArrowLeft />}
    >
      {t('jobs.detail.back')}
    </Link>
  );
};

/** One job: every field grouped, the timeline of its transitions, and the allowed actions. */
const JobDetailPage = () => {
  const t = useT();
  const { jobId = '' } = useParams<{ jobId: string }>();
  const detail = useJobDetail(jobId);
  const title = t('jobs.detail.title', { jobId });
  const { data } = detail;

  const content = () => {
    if (detail.isError) {
      const failure = apiFailure(detail.error);
      const missing = failure.status === 404 || failure.status === 400;
      return (
        <Flex
          direction="column"
          alignItems="flex-start"
          gap={4}
          padding={8}
          background="neutral0"
          hasRadius
          shadow="filterShadow"
          role="alert"
        >
          <Typography textColor="danger600">
            {missing
              ? t('jobs.detail.notFound')
              : t('jobs.detail.error', { message: failure.message })}
          </Typography>
          {missing ? null : (
            <Button variant="secondary" onClick={() => void detail.refetch()}>
              {t('jobs.list.retry')}
            </Button>
          )}
        </Flex>
      );
    }
    if (!data) {
      return (
        <Flex justifyContent="center" padding={8}>
          <Loader>{t('jobs.detail.loading')}</Loader>
        </Flex>
      );
    }
    return (
      <Grid.Root gap={4} aria-busy={detail.isFetching}>
        <Grid.Item col={8} s={12} direction="column" alignItems="stretch">
          <JobFields job={data.job} />
        </Grid.Item>
        <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
          <Box
            tag="section"
            background="neutral0"
            padding={6}
            shadow="filterShadow"
            hasRadius
            width="100%"
          >
            <Typography variant="delta" tag="h2">
              {t('jobs.timeline.title')}
            </Typography>
            <Box paddingTop={4}>
              <JobTimeline timeline={data.timeline} />
            </Box>
          </Box>
        </Grid.Item>
      </Grid.Root>
    );
  };

  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        navigationAction={<BackLink />}
        title={title}
        subtitle={data ? (data.job.email ?? t('jobs.detail.noEmail')) : undefined}
        primaryAction={data ? <JobActions detail={data} /> : undefined}
      />
      <Layouts.Content>{content()}</Layouts.Content>
    </Page.Main>
  );
};

export default JobDetailPage;
