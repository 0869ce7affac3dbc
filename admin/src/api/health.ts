/** The plugin's public health route, read by the overview page. */
import { useFetchClient } from '@strapi/strapi/admin';
import { useQuery } from 'react-query';
import type { HealthAnswer } from '../../../shared/contracts/health';
import { QUERY_OPTIONS, ROOT_KEY } from './client';

export const healthKeys = { all: [...ROOT_KEY, 'health'] as const };

export function useHealth() {
  const { get } = useFetchClient();
  return useQuery(
    healthKeys.all,
    // A public route: its answer is not wrapped in `data`.
    async () => (await get<HealthAnswer>('/api/sell-my-images/health')).data,
    QUERY_OPTIONS,
  );
}
