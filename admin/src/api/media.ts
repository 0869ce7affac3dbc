/**
 * The sellable-media admin API: the library's images with their sale state, its folders,
 * one entry's images (Content Manager panel), and the sale rule of one or many files.
 */
import { useCallback, useState } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import {
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
  type QueryKey,
} from 'react-query';
import {
  MEDIA_BULK_MAX,
  type BulkSaleAnswer,
  type EntryMedia,
  type MediaFolder,
  type MediaList,
  type SaleRuleAnswer,
  type SaleState,
} from '../../../shared/contracts/media';
import type { SaleMode } from '../../../shared/contracts/settings';
import { API, QUERY_OPTIONS, ROOT_KEY, type Answer } from './client';

/** `GET /media` query. */
export interface MediaQuery {
  q: string;
  /** '' = every folder, 'root' = outside any folder, otherwise a folder id. */
  folder: string;
  page: number;
  pageSize: number;
}

/** `GET /entries/:model/:documentId/media` target. */
export interface EntryQuery {
  model: string;
  documentId: string;
  status: 'draft' | 'published';
  locale?: string;
  /** The entry's `updatedAt`: a saved entry may have new images (not sent, part of the key). */
  version: string | null;
}

export const mediaKeys = {
  all: [...ROOT_KEY, 'media'] as const,
  lists: () => [...mediaKeys.all, 'list'] as const,
  list: (query: MediaQuery) => [...mediaKeys.lists(), query] as const,
  folders: () => [...mediaKeys.all, 'folders'] as const,
  entries: () => [...mediaKeys.all, 'entry'] as const,
  entry: (query: EntryQuery | null) => [...mediaKeys.entries(), query] as const,
};

type FileState = SaleState & { id: number };

/** The state the server answers after setting the rule to `forSale` (what a switch shows at once). */
function stateAfterRule(mode: SaleMode, forSale: boolean): SaleState {
  if (forSale) return { rule: true, forSale: true };
  return { rule: false, forSale: false, reason: mode === 'opt-in' ? 'not_opted_in' : 'opted_out' };
}

const patchList = (list: MediaList, states: FileState[]): MediaList => {
  const byId = new Map(states.map((state) => [state.id, state]));
  return {
    ...list,
    results: list.results.map((item) => {
      const next = byId.get(item.id);
      return next ? { ...item, rule: next.rule, forSale: next.forSale, reason: next.reason } : item;
    }),
  };
};

/** Applies `change` to every cached page of images that holds data. */
function patchLists(
  queryClient: QueryClient,
  change: (list: MediaList) => FileState[],
): Array<[QueryKey, FileState[]]> {
  const previous: Array<[QueryKey, FileState[]]> = [];
  for (const [key, list] of queryClient.getQueriesData<MediaList>(mediaKeys.lists())) {
    if (!list) continue;
    const states = change(list);
    const ids = new Set(states.map((state) => state.id));
    const before = list.results
      .filter((item) => ids.has(item.id))
      .map(({ id, rule, forSale, reason }) => ({ id, rule, forSale, reason }));
    if (!before.length) continue;
    previous.push([key, before]);
    queryClient.setQueryData<MediaList>(key, patchList(list, states));
  }
  return previous;
}

/** One page of images; the page shown stays while the next one (or another search) loads. */
export function useMediaList(query: MediaQuery) {
  const { get } = useFetchClient();
  return useQuery(
    mediaKeys.list(query),
    async () => {
      const params: Record<string, string | number> = {
        page: query.page,
        pageSize: query.pageSize,
      };
      if (query.q) params.q = query.q;
      if (query.folder) params.folder = query.folder;
      return (await get<Answer<MediaList>>(`${API}/media`, { params })).data.data;
    },
    { ...QUERY_OPTIONS, keepPreviousData: true },
  );
}

/** The media library's folders, for the folder filter. */
export function useMediaFolders(onError: (error: unknown) => void) {
  const { get } = useFetchClient();
  return useQuery(
    mediaKeys.folders(),
    async () => (await get<Answer<MediaFolder[]>>(`${API}/media/folders`)).data.data,
    { ...QUERY_OPTIONS, onError },
  );
}

/** One entry's images with their sale state and prices; `null` asks nothing. */
export function useEntryMedia(query: EntryQuery | null) {
  const { get } = useFetchClient();
  return useQuery(
    mediaKeys.entry(query),
    async () => {
      const { model, documentId, status, locale } = query as EntryQuery;
      const params: Record<string, string> = { status };
      if (locale) params.locale = locale;
      const url = `${API}/entries/${encodeURIComponent(model)}/${encodeURIComponent(documentId)}/media`;
      return (await get<Answer<EntryMedia>>(url, { params })).data.data;
    },
    { ...QUERY_OPTIONS, enabled: query !== null },
  );
}

/** After a rule change: entry panels read again, other pages of images when shown next. */
function invalidateAfterRules(queryClient: QueryClient, refetchLists: boolean) {
  void queryClient.invalidateQueries(mediaKeys.entries());
  void queryClient.invalidateQueries(mediaKeys.lists(), { refetchActive: refetchLists });
}

/**
 * Switches the sale of one file. The pages of images show the state the server will answer
 * at once (put back if it refuses); `pending` names the files whose change is on its way.
 */
export function useSaleRule() {
  const { put } = useFetchClient();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<ReadonlySet<number>>(new Set());
  const { mutateAsync } = useMutation(
    async ({ fileId, forSale }: { fileId: number; forSale: boolean }) =>
      (await put<Answer<SaleRuleAnswer>>(`${API}/media/${fileId}/sale`, { forSale })).data.data,
    {
      onMutate: ({ fileId, forSale }) => ({
        previous: patchLists(queryClient, (list) => [
          { id: fileId, ...stateAfterRule(list.saleMode, forSale) },
        ]),
      }),
      onError: (_error, _variables, context) => {
        for (const [key, states] of context?.previous ?? [])
          queryClient.setQueryData<MediaList | undefined>(key, (list) =>
            list ? patchList(list, states) : list,
          );
      },
      // The page on screen already shows what the server stored.
      onSettled: () => invalidateAfterRules(queryClient, false),
    },
  );

  const setPendingFor = (fileId: number, on: boolean) =>
    setPending((previous) => {
      const next = new Set(previous);
      if (on) next.add(fileId);
      else next.delete(fileId);
      return next;
    });

  const setRule = useCallback(
    async (fileId: number, forSale: boolean) => {
      setPendingFor(fileId, true);
      try {
        await mutateAsync({ fileId, forSale });
      } finally {
        setPendingFor(fileId, false);
      }
    },
    [mutateAsync],
  );
  return { setRule, pending };
}

/** A bulk change that stopped at a failed request: `done` lists the files changed before it. */
export class BulkSaleError extends Error {
  constructor(
    readonly failure: unknown,
    readonly done: number[],
  ) {
    super('Bulk sale change failed');
  }
}

/** `ids` in runs of at most `size` (one bulk request each). */
function chunk<T>(ids: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  return out;
}

/**
 * Sets (or resets, `null`) the rule of many files, in requests of at most the server's list
 * length, one after the other; stops at the first failure (that request changed nothing,
 * `BulkSaleError.done` says what did). Each answer updates the pages of images at once; after
 * a failure the page on screen is read again.
 */
export function useBulkSale() {
  const { put } = useFetchClient();
  const queryClient = useQueryClient();
  return useMutation(
    async ({ fileIds, forSale }: { fileIds: number[]; forSale: boolean | null }) => {
      const done: number[] = [];
      let updated = 0;
      for (const ids of chunk(fileIds, MEDIA_BULK_MAX)) {
        let answer: BulkSaleAnswer;
        try {
          answer = (
            await put<Answer<BulkSaleAnswer>>(`${API}/media/sale`, { fileIds: ids, forSale })
          ).data.data;
        } catch (error) {
          throw new BulkSaleError(error, done);
        }
        patchLists(queryClient, () => answer.results);
        updated += answer.results.length;
        done.push(...ids);
      }
      return { updated };
    },
    { onSettled: (_data, error) => invalidateAfterRules(queryClient, Boolean(error)) },
  );
}
