/** The plugin's health answer, read by the overview page through its admin route. */
import { useFetchClient } from '@strapi/strapi/admin';
import { useQuery } from 'react-query';
import type { HealthAnswer } from '../../../shared/contracts/health';
import { QUERY_OPTIONS, ROOT_KEY } from './client';

export const healthKeys = { all: [...ROOT_KEY, 'health'] as const };

export function useHealth() {
  const { get } = useFetchClient();
  return useQuery(
    healthKeys.all,
    // The admin twin of the public route (whose REST prefix is the site's choice); its
    // answer is not wrapped in `data`.
    async () => (await get<HealthAnswer>('/sell-my-images/health')).data,
    QUERY_OPTIONS,
  );
}
