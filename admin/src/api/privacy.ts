/** The admin privacy API: export and erase what is stored about one buyer's e-mail address. */
import { useFetchClient } from '@strapi/strapi/admin';
import { useMutation, useQueryClient } from 'react-query';
import type { PrivacyEraseAnswer, PrivacyExport } from '../../../shared/contracts/privacy';
import { saveFile } from './analytics';
import { API, ROOT_KEY, type Answer } from './client';

/** Fetches the export of `email` and hands it to the browser as a JSON file. */
export function usePrivacyExport() {
  const { get } = useFetchClient();
  return useMutation(async (email: string): Promise<PrivacyExport> => {
    const { data } = await get<Answer<PrivacyExport>>(`${API}/privacy/export`, {
      params: { email },
    });
    const json = JSON.stringify(data.data, null, 2);
    const day = data.data.exportedAt.slice(0, 10);
    saveFile(new Blob([json], { type: 'application/json' }), `buyer-data-${day}.json`);
    return data.data;
  });
}

/** Erases `email`; every cached list (jobs show the cleared address) is out of date after. */
export function usePrivacyErase() {
  const { post } = useFetchClient();
  const queryClient = useQueryClient();
  return useMutation(
    async (email: string) =>
      (await post<Answer<PrivacyEraseAnswer>>(`${API}/privacy/erase`, { email })).data.data,
    { onSettled: () => queryClient.invalidateQueries(ROOT_KEY) },
  );
}
