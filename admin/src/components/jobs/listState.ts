import {
  JOB_STATUSES,
  PAGE_SIZES,
  PAYMENT_STATUSES,
  SORT_FIELDS,
  type SortDirection,
  type SortField,
} from './types';

/** The jobs list's filters, search, sort and page: what the URL query string holds. */
export interface JobsListState {
  status: string;
  paymentStatus: string;
  q: string;
  /** `YYYY-MM-DD` in the admin's own time zone, or ''. */
  from: string;
  to: string;
  page: number;
  pageSize: number;
  sortField: SortField;
  sortDirection: SortDirection;
}

export const DEFAULT_LIST_STATE: JobsListState = {
  status: '',
  paymentStatus: '',
  q: '',
  from: '',
  to: '',
  page: 1,
  pageSize: 25,
  sortField: 'createdAt',
  sortDirection: 'desc',
};

/** First click on a column: newest/largest first for time and money, A→Z for text. */
export const FIRST_DIRECTION: Record<SortField, SortDirection> = {
  createdAt: 'desc',
  amount: 'desc',
  status: 'asc',
  paymentStatus: 'asc',
  email: 'asc',
  resolution: 'asc',
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const oneOf = <T extends string>(list: readonly T[], value: string | null): value is T =>
  value !== null && (list as readonly string[]).includes(value);

/**
 * Reads the state from the URL. A hand-edited or stale value falls back to its default,
 * so a bookmarked URL never turns into a 400 from the API.
 */
export function readListState(params: URLSearchParams): JobsListState {
  const status = params.get('status');
  const paymentStatus = params.get('paymentStatus');
  const [field, direction] = (params.get('sort') ?? '').split(':');
  const page = Number(params.get('page'));
  const pageSize = Number(params.get('pageSize'));
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  // An unknown column resets the whole sort: a direction alone means nothing.
  const known = oneOf(SORT_FIELDS, field);
  const sortField = known ? field : DEFAULT_LIST_STATE.sortField;
  return {
    status: oneOf(JOB_STATUSES, status) ? status : '',
    paymentStatus: oneOf(PAYMENT_STATUSES, paymentStatus) ? paymentStatus : '',
    q: (params.get('q') ?? '').slice(0, 255),
    from: DATE.test(from) ? from : '',
    to: DATE.test(to) ? to : '',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    pageSize: (PAGE_SIZES as readonly number[]).includes(pageSize)
      ? pageSize
      : DEFAULT_LIST_STATE.pageSize,
    sortField,
    sortDirection: !known
      ? DEFAULT_LIST_STATE.sortDirection
      : direction === 'asc' || direction === 'desc'
        ? direction
        : FIRST_DIRECTION[sortField],
  };
}

/** Writes the state to a query string, leaving defaults out so URLs stay short. */
export function writeListState(state: JobsListState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.status) params.set('status', state.status);
  if (state.paymentStatus) params.set('paymentStatus', state.paymentStatus);
  if (state.q.trim()) params.set('q', state.q.trim());
  if (state.from) params.set('from', state.from);
  if (state.to) params.set('to', state.to);
  if (
    state.sortField !== DEFAULT_LIST_STATE.sortField ||
    state.sortDirection !== DEFAULT_LIST_STATE.sortDirection
  ) {
    params.set('sort', `${state.sortField}:${state.sortDirection}`);
  }
  if (state.pageSize !== DEFAULT_LIST_STATE.pageSize)
    params.set('pageSize', String(state.pageSize));
  if (state.page !== 1) params.set('page', String(state.page));
  return params;
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
export function toApiQuery(state: JobsListState): string {
  const params = new URLSearchParams();
  if (state.status) params.set('status', state.status);
  if (state.paymentStatus) params.set('paymentStatus', state.paymentStatus);
  if (state.q.trim()) params.set('q', state.q.trim());
  if (state.from) params.set('from', localDayEdge(state.from, 'start'));
  if (state.to) params.set('to', localDayEdge(state.to, 'end'));
  params.set('page', String(state.page));
  params.set('pageSize', String(state.pageSize));
  params.set('sort', `${state.sortField}:${state.sortDirection}`);
  return params.toString();
}
