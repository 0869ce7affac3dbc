import { Link as RouterLink, useLocation, useParams } from 'react-router-dom';
import { Box, Flex, Grid, Link } from '@strapi/design-system';
import { ArrowLeft } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import { JobActions } from '../components/jobs/JobActions';
import { JobFields } from '../components/jobs/JobFields';
import { JobMails } from '../components/jobs/JobMails';
import { JobSale } from '../components/jobs/JobSale';
import { JobSection } from '../components/jobs/JobSection';
import { JobTimeline } from '../components/jobs/JobTimeline';
import { LoadState } from '../components/LoadState';
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

  // A malformed or unknown id: trying again would not help.
  const status = detail.isError ? apiFailure(detail.error).status : undefined;
  const missing = status === 404 || status === 400;

  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        navigationAction={<BackLink />}
        title={title}
        subtitle={data ? (data.job.email ?? t('jobs.detail.noEmail')) : undefined}
        primaryAction={data ? <JobActions detail={data} /> : undefined}
      />
      <Layouts.Content>
        <LoadState
          query={detail}
          errorMessage={missing ? 'jobs.detail.notFound' : 'jobs.detail.error'}
          retry={!missing}
          loadingMessage="jobs.detail.loading"
        >
          {({ job, timeline, mails }) => (
            <Grid.Root gap={4} aria-busy={detail.isFetching}>
              <Grid.Item col={8} s={12} direction="column" alignItems="stretch">
                <Flex direction="column" alignItems="stretch" gap={4}>
                  <JobSale job={job} />
                  <JobFields job={job} />
                </Flex>
              </Grid.Item>
              <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
                <JobSection title={t('jobs.timeline.title')}>
                  <Box paddingTop={4}>
                    <JobTimeline timeline={timeline} />
                  </Box>
                </JobSection>
                <JobSection title={t('jobs.mails.title')}>
                  <Box paddingTop={4}>
                    <JobMails mails={mails ?? []} />
                  </Box>
                </JobSection>
              </Grid.Item>
            </Grid.Root>
          )}
        </LoadState>
      </Layouts.Content>
    </Page.Main>
  );
};

export default JobDetailPage;
