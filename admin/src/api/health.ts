/** The plugin's public health route, read by the overview page. */
import { useFetchClient } from '@strapi/strapi/admin';
import { useQuery } from 'react-query';
import { QUERY_OPTIONS, ROOT_KEY } from './client';

/** `GET /api/sell-my-images/health` (not wrapped in `data`). */
export interface HealthAnswer {
  status: string;
  version: string;
}

export const healthKeys = { all: [...ROOT_KEY, 'health'] as const };

export function useHealth() {
  const { get } = useFetchClient();
  return useQuery(
    healthKeys.all,
    async () => (await get<HealthAnswer>('/api/sell-my-images/health')).data,
    QUERY_OPTIONS,
  );
}
