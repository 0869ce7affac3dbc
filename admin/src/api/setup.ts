/** The Overview page's live setup checklist and its "Send test e-mail" (README "Setup checklist"). */
import { useFetchClient } from '@strapi/strapi/admin';
import { useMutation, useQuery } from 'react-query';
import type {
  SetupChecklist,
  TestEmailAnswer,
  TestEmailRequest,
} from '../../../shared/contracts/setup';
import { API, QUERY_OPTIONS, ROOT_KEY, type Answer } from './client';

export const setupKeys = { checklist: () => [...ROOT_KEY, 'setup'] as const };

/** Read live on every visit (its Stripe and upscaler checks ask the remote services). */
export function useSetupChecklist(enabled: boolean) {
  const { get } = useFetchClient();
  return useQuery(
    setupKeys.checklist(),
    async () => (await get<Answer<SetupChecklist>>(`${API}/setup`)).data.data,
    { ...QUERY_OPTIONS, enabled, refetchOnWindowFocus: true },
  );
}

export function useSendTestEmail() {
  const { post } = useFetchClient();
  return useMutation(
    async (body: TestEmailRequest) =>
      (await post<Answer<TestEmailAnswer>>(`${API}/setup/test-email`, body)).data.data,
  );
}
