import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { Flex, Link, Typography } from '@strapi/design-system';
import type { AdminJob, JobSortField } from '../../../../shared/contracts/jobs';
import { useT } from '../../utils/useT';
import { SortableTable } from '../SortableTable';
import { FIRST_DIRECTION, type JobsListState } from './listParams';
import { EmailStatusBadge, JobStatusBadge, PaymentStatusBadge } from './StatusBadges';
import { Thumbnail } from './Thumbnail';
import { useFormat } from './useFormat';

interface Props {
  jobs: AdminJob[];
  state: JobsListState;
  onSort: (field: JobSortField, direction: JobsListState['sortDirection']) => void;
  /** The list's query string, handed to the detail page for its "back" link. */
  listSearch: string;
}

interface CellContext {
  format: ReturnType<typeof useFormat>;
  listSearch: string;
}

const text = (value: string | null) => (
  <Typography textColor="neutral800">{value ?? '—'}</Typography>
);

/** The columns in order: what each cell shows, and the field a sortable one sorts by. */
const COLUMNS: Array<{
  key: string;
  sort?: JobSortField;
  cell: (job: AdminJob, context: CellContext) => ReactNode;
}> = [
  {
    key: 'jobId',
    // The full id is the link's name (what admins search and paste); 8 characters are enough to see.
    cell: (job, { listSearch }) => (
      <Link
        tag={RouterLink}
        to={job.jobId}
        state={{ listSearch }}
        aria-label={job.jobId}
        title={job.jobId}
      >
        <Typography style={{ fontFamily: 'monospace' }}>{job.jobId.slice(0, 8)}…</Typography>
      </Link>
    ),
  },
  {
    key: 'image',
    cell: (job) => (
      <Flex gap={2}>
        <Thumbnail url={job.thumbnailUrl} alt={job.fileName ?? ''} />
        <Typography textColor="neutral800" ellipsis style={{ maxWidth: '160px' }}>
          {job.fileName ?? '—'}
        </Typography>
      </Flex>
    ),
  },
  { key: 'customer', sort: 'email', cell: (job) => text(job.email) },
  {
    key: 'status',
    sort: 'status',
    // The error code under the badge: a failed or flagged job says why without opening it.
    cell: (job) => (
      <Flex direction="column" alignItems="flex-start" gap={1}>
        <JobStatusBadge status={job.status} />
        {job.errorCode ? (
          <Typography variant="pi" textColor="danger600" style={{ fontFamily: 'monospace' }}>
            {job.errorCode}
          </Typography>
        ) : null}
      </Flex>
    ),
  },
  {
    key: 'payment',
    sort: 'paymentStatus',
    cell: (job) => <PaymentStatusBadge status={job.paymentStatus} />,
  },
  // A mail being retried or failed for good is seen here, without opening the job.
  { key: 'email', cell: (job) => <EmailStatusBadge status={job.emailStatus ?? 'none'} /> },
  { key: 'resolution', sort: 'resolution', cell: (job) => text(job.resolution) },
  {
    key: 'amount',
    sort: 'amount',
    cell: (job, { format }) => text(format.money(job.amount, job.currency) || '—'),
  },
  {
    key: 'createdAt',
    sort: 'createdAt',
    cell: (job, { format }) => text(format.dateTime(job.createdAt)),
  },
];

/** The jobs table: one row per job, every header of a sortable column sorts by it. */
export const JobsTable = ({ jobs, state, onSort, listSearch }: Props) => {
  const t = useT();
  const context: CellContext = { format: useFormat(), listSearch };
  const sortBy = (field: JobSortField) => {
    const active = state.sortField === field;
    return {
      direction: active ? state.sortDirection : null,
      onSort: () =>
        onSort(
          field,
          active ? (state.sortDirection === 'asc' ? 'desc' : 'asc') : FIRST_DIRECTION[field],
        ),
    };
  };
  return (
    <SortableTable<AdminJob>
      label={t('jobs.table.label')}
      rows={jobs}
      rowKey={(job) => job.jobId}
      columns={COLUMNS.map(({ key, sort, cell }) => ({
        id: key,
        label: t(`jobs.column.${key}`),
        sort: sort && sortBy(sort),
        render: (job) => cell(job, context),
      }))}
    />
  );
};
