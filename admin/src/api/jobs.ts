/** The admin jobs API: the paged list, one job's detail and the actions on it. */
import { useFetchClient } from '@strapi/strapi/admin';
import { useMutation, useQuery, useQueryClient } from 'react-query';
import type {
  JobAction,
  JobActionAnswer,
  JobDetailAnswer,
  JobListAnswer,
  JobListQuery,
} from '../../../shared/contracts/jobs';

export type { JobListQuery } from '../../../shared/contracts/jobs';
import { API, QUERY_OPTIONS, ROOT_KEY, type Answer } from './client';

export const jobKeys = {
  all: [...ROOT_KEY, 'jobs'] as const,
  lists: () => [...jobKeys.all, 'list'] as const,
  list: (query: JobListQuery | null) => [...jobKeys.lists(), query] as const,
  detail: (jobId: string) => [...jobKeys.all, 'detail', jobId] as const,
};

/** The API path segment of each action. */
const ACTION_PATHS: Record<JobAction, string> = {
  retry: 'retry',
  resend: 'resend',
  newLink: 'new-link',
  refund: 'refund',
};

const listUrl = (query: JobListQuery) => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== '') params.set(key, String(value));
  return `${API}/jobs?${params.toString()}`;
};

/** One page of jobs; the page shown stays while the next one (or another filter) loads. `null` asks nothing. */
export function useJobList(query: JobListQuery | null) {
  const { get } = useFetchClient();
  return useQuery(
    jobKeys.list(query),
    async () => (await get<Answer<JobListAnswer>>(listUrl(query as JobListQuery))).data.data,
    { ...QUERY_OPTIONS, enabled: query !== null, keepPreviousData: true },
  );
}

/** One job with its timeline and the actions its state allows (never another job's fields meanwhile). */
export function useJobDetail(jobId: string) {
  const { get } = useFetchClient();
  return useQuery(
    jobKeys.detail(jobId),
    async () =>
      (await get<Answer<JobDetailAnswer>>(`${API}/jobs/${encodeURIComponent(jobId)}`)).data.data,
    QUERY_OPTIONS,
  );
}

/**
 * Retry, resend, new link or refund. Whatever the outcome the job is read again (a refused
 * action may mean its state moved meanwhile), and every list is out of date.
 */
export function useJobAction(jobId: string) {
  const { post } = useFetchClient();
  const queryClient = useQueryClient();
  return useMutation(
    async (action: JobAction) =>
      (
        await post<Answer<JobActionAnswer>>(
          `${API}/jobs/${encodeURIComponent(jobId)}/${ACTION_PATHS[action]}`,
        )
      ).data.data,
    {
      onSettled: () => {
        void queryClient.invalidateQueries(jobKeys.detail(jobId));
        void queryClient.invalidateQueries(jobKeys.lists());
      },
    },
  );
}
