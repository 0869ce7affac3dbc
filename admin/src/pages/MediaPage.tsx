import { useCallback, useEffect, useState } from 'react';
import { Box, EmptyStateLayout, Flex, Grid, Loader, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient, useNotification, useRBAC } from '@strapi/strapi/admin';
import { PERMISSIONS } from '../permissions';
import { API, apiFailure } from '../utils/api';
import { useT } from '../utils/useT';
import { BulkSaleActions } from '../components/media/BulkSaleActions';
import { MediaCard } from '../components/media/MediaCard';
import { MediaFilters } from '../components/media/MediaFilters';
import { MediaPager } from '../components/media/MediaPager';
import { SaleModeNotice } from '../components/media/SaleModeNotice';
import { stateAfterRule } from '../components/media/sale';
import { useDebouncedValue } from '../components/media/useDebouncedValue';
import { useMediaList, type MediaQuery } from '../components/media/useMediaList';
import type { BulkAnswer, MediaItem } from '../components/media/types';

const SEARCH_DEBOUNCE_MS = 300;

/**
 * Sellable media: the media library's images with their sale switch (optimistic, rolled
 * back on error), bulk changes for a selection, search, folder filter and pages.
 * Looking needs the plugin's `read` (the route guard); switching needs `media.update`.
 */
const MediaPage = () => {
  const t = useT();
  const { put } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { allowedActions } = useRBAC({ update: PERMISSIONS.updateMedia });
  const canUpdate = Boolean(allowedActions.canUpdate);

  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim(), SEARCH_DEBOUNCE_MS);
  const [query, setQuery] = useState<MediaQuery>({ q: '', folder: '', page: 1 });
  // A new search starts from the first page, in the same state change (one request).
  useEffect(() => setQuery((prev) => (prev.q === q ? prev : { ...prev, q, page: 1 })), [q]);

  const { data, loading, error, patch, reload } = useMediaList(query);
  const [pending, setPending] = useState<ReadonlySet<number>>(new Set());
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [bulkBusy, setBulkBusy] = useState(false);

  // The selection belongs to the images on screen.
  useEffect(() => setSelected(new Set()), [query]);

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
        toggleNotification({ type: 'danger', message: t('media.toggle.error', { name: item.name, message: apiFailure(failure).message }) });
      } finally {
        setPendingFor(item.id, false);
      }
    },
    [data, patch, put, t, toggleNotification],
  );

  const applyBulk = async (forSale: boolean | null) => {
    const fileIds = [...selected];
    if (fileIds.length === 0) return;
    setBulkBusy(true);
    try {
      const { data: answer } = await put<{ data: BulkAnswer }>(`${API}/media/sale`, { fileIds, forSale });
      patch(answer.data.results);
      setSelected(new Set());
      toggleNotification({ type: 'success', message: t('media.bulk.done', { count: answer.data.results.length }) });
    } catch (failure) {
      toggleNotification({ type: 'danger', message: t('media.bulk.error', { message: apiFailure(failure).message }) });
      // Nothing changed on the server for an unknown id (404); anything else: show what is stored.
      reload();
    } finally {
      setBulkBusy(false);
    }
  };

  const select = (id: number, on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const results = data?.results ?? [];

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
            onSearch={setSearch}
            folder={query.folder}
            onFolder={(folder) => setQuery((prev) => ({ ...prev, folder, page: 1 }))}
          />
          {canUpdate && data ? (
            <BulkSaleActions
              saleMode={data.saleMode}
              selectedCount={selected.size}
              pageCount={results.length}
              busy={bulkBusy}
              onSelectAll={(on) => setSelected(new Set(on ? results.map((item) => item.id) : []))}
              onApply={applyBulk}
            />
          ) : null}
          {error ? (
            <Typography role="alert" textColor="danger600">
              {t('media.load.error', { message: error })}
            </Typography>
          ) : null}
          {!data && loading ? <Loader>{t('common.loading')}</Loader> : null}
          {data && results.length === 0 ? (
            <EmptyStateLayout content={query.q || query.folder ? t('media.empty.filtered') : t('media.empty.library')} />
          ) : null}
          {data && results.length > 0 ? (
            <Box>
              <Grid.Root gap={4}>
                {results.map((item) => (
                  <Grid.Item key={item.id} col={3} s={6} xs={12} direction="column" alignItems="stretch">
                    <MediaCard
                      item={item}
                      saleMode={data.saleMode}
                      canUpdate={canUpdate}
                      pending={pending.has(item.id) || bulkBusy}
                      selected={selected.has(item.id)}
                      onSelect={(on) => select(item.id, on)}
                      onToggle={(forSale) => void toggle(item, forSale)}
                    />
                  </Grid.Item>
                ))}
              </Grid.Root>
            </Box>
          ) : null}
          {data ? (
            <MediaPager pagination={data.pagination} disabled={loading} onPage={(page) => setQuery((prev) => ({ ...prev, page }))} />
          ) : null}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

export default MediaPage;
