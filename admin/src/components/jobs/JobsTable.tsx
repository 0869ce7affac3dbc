import { Link as RouterLink } from 'react-router-dom';
import {
  Flex,
  Link,
  Table,
  Tbody,
  Td,
  TextButton,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { CaretDown, CaretUp } from '@strapi/icons';
import type { AdminJob, JobSortField } from '../../../../shared/contracts/jobs';
import { useT } from '../../utils/useT';
import { FIRST_DIRECTION, type JobsListState } from './listParams';
import { JobStatusBadge, PaymentStatusBadge } from './StatusBadges';
import { Thumbnail } from './Thumbnail';
import { useFormat } from './useFormat';

interface Props {
  jobs: AdminJob[];
  state: JobsListState;
  onSort: (field: JobSortField, direction: JobsListState['sortDirection']) => void;
  /** The list's query string, handed to the detail page for its "back" link. */
  listSearch: string;
}

const COLUMNS: Array<{ key: string; sort?: JobSortField }> = [
  { key: 'jobId' },
  { key: 'image' },
  { key: 'customer', sort: 'email' },
  { key: 'status', sort: 'status' },
  { key: 'payment', sort: 'paymentStatus' },
  { key: 'resolution', sort: 'resolution' },
  { key: 'amount', sort: 'amount' },
  { key: 'createdAt', sort: 'createdAt' },
];

/** A column header; sortable ones are buttons and announce their order with aria-sort. */
const Header = ({
  label,
  field,
  state,
  onSort,
}: {
  label: string;
  field?: JobSortField;
  state: JobsListState;
  onSort: Props['onSort'];
}) => {
  if (!field) {
    return (
      <Th>
        <Typography variant="sigma" textColor="neutral600">
          {label}
        </Typography>
      </Th>
    );
  }
  const active = state.sortField === field;
  const next = active ? (state.sortDirection === 'asc' ? 'desc' : 'asc') : FIRST_DIRECTION[field];
  const Icon = state.sortDirection === 'asc' ? CaretUp : CaretDown;
  return (
    <Th aria-sort={active ? (state.sortDirection === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <TextButton
        onClick={() => onSort(field, next)}
        endIcon={active ? <Icon aria-hidden /> : undefined}
      >
        <Typography variant="sigma" textColor={active ? 'neutral800' : 'neutral600'}>
          {label}
        </Typography>
      </TextButton>
    </Th>
  );
};

/** The jobs table: one row per job, every header of a sortable column sorts by it. */
export const JobsTable = ({ jobs, state, onSort, listSearch }: Props) => {
  const t = useT();
  const format = useFormat();
  return (
    <Table aria-label={t('jobs.table.label')} colCount={COLUMNS.length} rowCount={jobs.length + 1}>
      <Thead>
        <Tr>
          {COLUMNS.map((column) => (
            <Header
              key={column.key}
              label={t(`jobs.column.${column.key}`)}
              field={column.sort}
              state={state}
              onSort={onSort}
            />
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {jobs.map((job) => (
          <Tr key={job.jobId}>
            <Td>
              {/* The full id is the link's name (what admins search and paste); 8 characters are enough to see. */}
              <Link
                tag={RouterLink}
                to={job.jobId}
                state={{ listSearch }}
                aria-label={job.jobId}
                title={job.jobId}
              >
                <Typography style={{ fontFamily: 'monospace' }}>
                  {job.jobId.slice(0, 8)}…
                </Typography>
              </Link>
            </Td>
            <Td>
              <Flex gap={2}>
                <Thumbnail url={job.thumbnailUrl} alt={job.fileName ?? ''} />
                <Typography textColor="neutral800" ellipsis style={{ maxWidth: '160px' }}>
                  {job.fileName ?? '—'}
                </Typography>
              </Flex>
            </Td>
            <Td>
              <Typography textColor="neutral800">{job.email ?? '—'}</Typography>
            </Td>
            <Td>
              <JobStatusBadge status={job.status} />
            </Td>
            <Td>
              <PaymentStatusBadge status={job.paymentStatus} />
            </Td>
            <Td>
              <Typography textColor="neutral800">{job.resolution}</Typography>
            </Td>
            <Td>
              <Typography textColor="neutral800">
                {format.money(job.amount, job.currency) || '—'}
              </Typography>
            </Td>
            <Td>
              <Typography textColor="neutral800">{format.dateTime(job.createdAt)}</Typography>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};
