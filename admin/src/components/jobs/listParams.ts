/**
 * The jobs list in the URL query string (`?status&paymentStatus&emailStatus&q&from&to&sort&page&pageSize`)
 * and the API query it asks for.
 */
import {
  EMAIL_STATUSES,
  JOB_PAGE_SIZES,
  JOB_SORT_FIELDS,
  JOB_STATUSES,
  PAYMENT_STATUSES,
  type EmailStatus,
  type JobSortField,
  type JobStatus,
  type PaymentStatus,
  type SortDirection,
} from '../../../../shared/contracts/jobs';
import type { JobListQuery } from '../../api/jobs';
import type { ListParams } from '../../hooks/useListParams';

export interface JobsListState {
  status: JobStatus | '';
  paymentStatus: PaymentStatus | '';
  emailStatus: EmailStatus | '';
  q: string;
  /** `YYYY-MM-DD` in the admin's own time zone, or ''. */
  from: string;
  to: string;
  page: number;
  pageSize: number;
  sortField: JobSortField;
  sortDirection: SortDirection;
}

const DEFAULT_LIST_STATE: JobsListState = {
  status: '',
  paymentStatus: '',
  emailStatus: '',
  q: '',
  from: '',
  to: '',
  page: 1,
  pageSize: 25,
  sortField: 'createdAt',
  sortDirection: 'desc',
};

/** First click on a column: newest/largest first for time and money, A→Z for text. */
export const FIRST_DIRECTION: Record<JobSortField, SortDirection> = {
  createdAt: 'desc',
  amount: 'desc',
  status: 'asc',
  paymentStatus: 'asc',
  email: 'asc',
  resolution: 'asc',
};

const Q_MAX = 255;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const oneOf = <T extends string | number>(list: readonly T[], value: unknown): value is T =>
  (list as readonly unknown[]).includes(value);

export const jobsListParams: ListParams<JobsListState> = {
  read(query) {
    const [field, direction] = text(query.sort).split(':');
    const page = Number(text(query.page));
    const pageSize = Number(text(query.pageSize));
    // An unknown column resets the whole sort: a direction alone means nothing.
    const sortField = oneOf(JOB_SORT_FIELDS, field) ? field : DEFAULT_LIST_STATE.sortField;
    return {
      status: oneOf(JOB_STATUSES, query.status) ? query.status : '',
      paymentStatus: oneOf(PAYMENT_STATUSES, query.paymentStatus) ? query.paymentStatus : '',
      emailStatus: oneOf(EMAIL_STATUSES, query.emailStatus) ? query.emailStatus : '',
      q: text(query.q).slice(0, Q_MAX),
      from: DATE.test(text(query.from)) ? text(query.from) : '',
      to: DATE.test(text(query.to)) ? text(query.to) : '',
      page: Number.isInteger(page) && page >= 1 ? page : 1,
      pageSize: oneOf(JOB_PAGE_SIZES, pageSize) ? pageSize : DEFAULT_LIST_STATE.pageSize,
      sortField,
      sortDirection: !oneOf(JOB_SORT_FIELDS, field)
        ? DEFAULT_LIST_STATE.sortDirection
        : direction === 'asc' || direction === 'desc'
          ? direction
          : FIRST_DIRECTION[sortField],
    };
  },
  write(state) {
    const sorted =
      state.sortField !== DEFAULT_LIST_STATE.sortField ||
      state.sortDirection !== DEFAULT_LIST_STATE.sortDirection;
    return {
      status: state.status || undefined,
      paymentStatus: state.paymentStatus || undefined,
      emailStatus: state.emailStatus || undefined,
      q: state.q.trim() || undefined,
      from: state.from || undefined,
      to: state.to || undefined,
      sort: sorted ? `${state.sortField}:${state.sortDirection}` : undefined,
      pageSize: state.pageSize === DEFAULT_LIST_STATE.pageSize ? undefined : String(state.pageSize),
      page: state.page === 1 ? undefined : String(state.page),
    };
  },
};

/** The list's query string, for links that come back to it (and the page links). */
export function listSearch(state: JobsListState): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(jobsListParams.write(state)))
    if (value !== undefined) params.set(key, value);
  return params.toString();
}

/** Local midnight (or the last millisecond) of a `YYYY-MM-DD` day, as an ISO instant. */
function localDayEdge(day: string, edge: 'start' | 'end'): string {
  const [y, m, d] = day.split('-').map(Number);
  return (
    edge === 'start' ? new Date(y, m - 1, d, 0, 0, 0, 0) : new Date(y, m - 1, d, 23, 59, 59, 999)
  ).toISOString();
}

/** The date range is backwards: the list is not requested and the field says why. */
export const isRangeInverted = (state: Pick<JobsListState, 'from' | 'to'>) =>
  !!state.from && !!state.to && state.from > state.to;

/**
 * The API query for a state. Dates are whole days in the admin's own time zone, sent as
 * instants, so "today" means the admin's today and not UTC's.
 */
export function toApiQuery(state: JobsListState): JobListQuery {
  return {
    status: state.status || undefined,
    paymentStatus: state.paymentStatus || undefined,
    emailStatus: state.emailStatus || undefined,
    q: state.q.trim() || undefined,
    from: state.from ? localDayEdge(state.from, 'start') : undefined,
    to: state.to ? localDayEdge(state.to, 'end') : undefined,
    page: state.page,
    pageSize: state.pageSize,
    sort: `${state.sortField}:${state.sortDirection}`,
  };
}
