import { useCallback, useEffect, useMemo, useState } from 'react';
import { Box, EmptyStateLayout, Flex, Grid, Loader, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient, useNotification, useRBAC } from '@strapi/strapi/admin';
import { PERMISSIONS } from '../permissions';
import { API, apiFailure } from '../utils/api';
import { useT } from '../utils/useT';
import { useDebouncedCallback } from '../components/jobs/useDebouncedCallback';
import { BulkSaleActions } from '../components/media/BulkSaleActions';
import { MediaCard } from '../components/media/MediaCard';
import { MediaFilters } from '../components/media/MediaFilters';
import { MediaPager } from '../components/media/MediaPager';
import { SaleModeNotice } from '../components/media/SaleModeNotice';
import { chunk, MEDIA_BULK_MAX } from '../components/media/mediaListState';
import { stateAfterRule } from '../components/media/sale';
import { useMediaList } from '../components/media/useMediaList';
import { useMediaListState } from '../components/media/useMediaListState';
import type { BulkAnswer, MediaItem } from '../components/media/types';

const SEARCH_DEBOUNCE_MS = 300;

/**
 * Sellable media: the media library's images with their sale switch (optimistic, rolled
 * back on error), bulk changes for a selection, search, folder filter and pages.
 * Search, folder, page and page size are in the URL; the selection is kept across pages
 * of the same search and folder.
 * Looking needs the plugin's `read` (the route guard); switching needs `media.update`.
 */
const MediaPage = () => {
  const t = useT();
  const { put } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { allowedActions } = useRBAC({ update: PERMISSIONS.updateMedia });
  const canUpdate = Boolean(allowedActions.canUpdate);

  const { state, update } = useMediaListState();
  const [search, setSearch] = useState(state.q);
  // Typing replaces the history entry (one per search, not per key) and goes back to page 1.
  const commitSearch = useDebouncedCallback(
    (q: string) => update({ q: q.trim() }, { replace: true }),
    SEARCH_DEBOUNCE_MS,
  );
  // Back/forward or a link may change `q` under the box: show what the list is filtered by
  // (but leave the box alone when it only differs by the spaces the URL trims off).
  useEffect(
    () => setSearch((current) => (current.trim() === state.q ? current : state.q)),
    [state.q],
  );

  const query = useMemo(
    () => ({ q: state.q, folder: state.folder, page: state.page, pageSize: state.pageSize }),
    [state.q, state.folder, state.page, state.pageSize],
  );
  const { data, loading, error, fresh, patch, reload } = useMediaList(query);
  const [pending, setPending] = useState<ReadonlySet<number>>(new Set());
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [bulkBusy, setBulkBusy] = useState(false);

  // The selection belongs to a search and folder: it survives paging, not a new filter.
  useEffect(() => setSelected(new Set()), [state.q, state.folder]);

  // A stale link past the last page (images were deleted, the page size grew): go to the last page.
  const pageCount = data && fresh && !loading ? data.pagination.pageCount : 0;
  useEffect(() => {
    if (pageCount > 0 && state.page > pageCount) update({ page: pageCount }, { replace: true });
  }, [pageCount, state.page, update]);

  const setPendingFor = (id: number, on: boolean) =>
    setPending((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const toggle = useCallback(
    async (item: MediaItem, forSale: boolean) => {
      if (!data) return;
      const before = { id: item.id, rule: item.rule, forSale: item.forSale, reason: item.reason };
      patch([{ id: item.id, ...stateAfterRule(data.saleMode, forSale) }]);
      setPendingFor(item.id, true);
      try {
        await put(`${API}/media/${item.id}/sale`, { forSale });
      } catch (failure) {
        patch([before]);
        toggleNotification({
          type: 'danger',
          message: t('media.toggle.error', {
            name: item.name,
            message: apiFailure(failure).message,
          }),
        });
      } finally {
        setPendingFor(item.id, false);
      }
    },
    [data, patch, put, t, toggleNotification],
  );

  /**
   * Applies the rule to every selected image, in requests of at most the server's list
   * length, one after the other; stops at the first failure (that request changed nothing)
   * and keeps the images not changed selected. One notification either way.
   */
  const applyBulk = async (forSale: boolean | null) => {
    const fileIds = [...selected];
    if (fileIds.length === 0) return;
    setBulkBusy(true);
    let updated = 0;
    const done: number[] = [];
    try {
      for (const ids of chunk(fileIds, MEDIA_BULK_MAX)) {
        const { data: answer } = await put<{ data: BulkAnswer }>(`${API}/media/sale`, {
          fileIds: ids,
          forSale,
        });
        patch(answer.data.results);
        updated += answer.data.results.length;
        done.push(...ids);
      }
      setSelected(new Set());
      toggleNotification({ type: 'success', message: t('media.bulk.done', { count: updated }) });
    } catch (failure) {
      const message = apiFailure(failure).message;
      toggleNotification({
        type: 'danger',
        message:
          done.length === 0
            ? t('media.bulk.error', { message })
            : t('media.bulk.partial', { done: done.length, count: fileIds.length, message }),
      });
      const changed = new Set(done);
      setSelected((prev) => new Set([...prev].filter((id) => !changed.has(id))));
      // Nothing changed on the server for an unknown id (404); anything else: show what is stored.
      reload();
    } finally {
      setBulkBusy(false);
    }
  };

  const select = (ids: number[], on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });

  const results = data?.results ?? [];
  const pageSelectedCount = results.filter((item) => selected.has(item.id)).length;

  return (
    <Page.Main aria-busy={loading}>
      <Page.Title>{t('media.title')}</Page.Title>
      <Layouts.Header title={t('media.title')} subtitle={t('media.subtitle')} />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          {data ? <SaleModeNotice saleMode={data.saleMode} /> : null}
          {!canUpdate ? (
            <Typography variant="pi" textColor="neutral600">
              {t('media.readOnly')}
            </Typography>
          ) : null}
          <MediaFilters
            search={search}
            onSearch={(value) => {
              setSearch(value);
              commitSearch(value);
            }}
            folder={state.folder}
            onFolder={(folder) => update({ folder })}
          />
          {canUpdate && data ? (
            <BulkSaleActions
              saleMode={data.saleMode}
              selectedCount={selected.size}
              pageCount={results.length}
              pageSelectedCount={pageSelectedCount}
              busy={bulkBusy}
              onSelectPage={(on) =>
                select(
                  results.map((item) => item.id),
                  on,
                )
              }
              onClear={() => setSelected(new Set())}
              onApply={(forSale) => void applyBulk(forSale)}
            />
          ) : null}
          {error ? (
            <Typography role="alert" textColor="danger600">
              {t('media.load.error', { message: error })}
            </Typography>
          ) : null}
          {!data && loading ? <Loader>{t('common.loading')}</Loader> : null}
          {data && results.length === 0 ? (
            <EmptyStateLayout
              content={
                state.q || state.folder ? t('media.empty.filtered') : t('media.empty.library')
              }
            />
          ) : null}
          {data && results.length > 0 ? (
            <Box>
              <Grid.Root gap={4}>
                {results.map((item) => (
                  <Grid.Item
                    key={item.id}
                    col={3}
                    s={6}
                    xs={12}
                    direction="column"
                    alignItems="stretch"
                  >
                    <MediaCard
                      item={item}
                      saleMode={data.saleMode}
                      canUpdate={canUpdate}
                      pending={pending.has(item.id) || bulkBusy}
                      selected={selected.has(item.id)}
                      onSelect={(on) => select([item.id], on)}
                      onToggle={(forSale) => void toggle(item, forSale)}
                    />
                  </Grid.Item>
                ))}
              </Grid.Root>
            </Box>
          ) : null}
          {data ? (
            <MediaPager
              pagination={data.pagination}
              pageSize={state.pageSize}
              disabled={loading}
              onPage={(page) => update({ page })}
              onPageSize={(pageSize) => update({ pageSize })}
            />
          ) : null}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

export default MediaPage;
