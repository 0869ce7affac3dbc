import { useEffect, useState } from 'react';
import { Box, EmptyStateLayout, Flex, Grid, Typography } from '@strapi/design-system';
import { Layouts, Page, useNotification, useRBAC } from '@strapi/strapi/admin';
import { MEDIA_PAGE_SIZES } from '../../../shared/contracts/media';
import { apiFailure } from '../api/client';
import { BulkSaleError, useBulkSale, useMediaList } from '../api/media';
import { BulkSaleActions } from '../components/media/BulkSaleActions';
import { MediaCard } from '../components/media/MediaCard';
import { MediaFilters } from '../components/media/MediaFilters';
import { SaleModeNotice } from '../components/media/SaleModeNotice';
import { mediaListParams } from '../components/media/listParams';
import { LoadState } from '../components/LoadState';
import { Pager } from '../components/Pager';
import { useLastPageBound, useListParams } from '../hooks/useListParams';
import { useSaleSwitch } from '../hooks/useSaleSwitch';
import { useSearchBox } from '../hooks/useSearchBox';
import { PERMISSIONS } from '../permissions';
import { useT } from '../utils/useT';

/**
 * Sellable media: the media library's images with their sale switch (optimistic, rolled
 * back on error), bulk changes for a selection, search, folder filter and pages.
 * Search, folder, page and page size are in the URL; the selection is kept across pages
 * of the same search and folder.
 * Looking needs the plugin's `read` (the route guard); switching needs `media.update`.
 */
const MediaPage = () => {
  const t = useT();
  const { toggleNotification } = useNotification();
  const { allowedActions } = useRBAC(PERMISSIONS.updateMedia);
  const canUpdate = Boolean(allowedActions.canUpdate);

  const { state, update } = useListParams(mediaListParams);
  // Typing replaces the history entry (one per search, not per key) and goes back to page 1.
  const [search, setSearch] = useSearchBox(state.q, (q) =>
    update({ q: q.trim() }, { replace: true }),
  );

  const list = useMediaList(state);
  const { data } = list;
  const loading = list.isFetching;
  const { switchSale, pending } = useSaleSwitch();
  const bulk = useBulkSale();
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());

  // The selection belongs to a search and folder: it survives paging, not a new filter.
  useEffect(() => setSelected(new Set()), [state.q, state.folder]);

  useLastPageBound(
    state.page,
    list.isPreviousData || loading ? undefined : data?.pagination.pageCount,
    (page) => update({ page }, { replace: true }),
  );

  /** One notification either way; the images not changed stay selected. */
  const applyBulk = async (forSale: boolean | null) => {
    const fileIds = [...selected];
    if (fileIds.length === 0) return;
    try {
      const { updated } = await bulk.mutateAsync({ fileIds, forSale });
      setSelected(new Set());
      toggleNotification({ type: 'success', message: t('media.bulk.done', { count: updated }) });
    } catch (failure) {
      const done = failure instanceof BulkSaleError ? failure.done : [];
      const message = apiFailure(
        failure instanceof BulkSaleError ? failure.failure : failure,
      ).message;
      toggleNotification({
        type: 'danger',
        message:
          done.length === 0
            ? t('media.bulk.error', { message })
            : t('media.bulk.partial', { done: done.length, count: fileIds.length, message }),
      });
      const changed = new Set(done);
      setSelected((prev) => new Set([...prev].filter((id) => !changed.has(id))));
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
  const bulkBusy = bulk.isLoading;

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
            folder={state.folder}
            onFolder={(folder) => update({ folder })}
          />
          {canUpdate && data ? (
            <BulkSaleActions
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
          <LoadState
            query={list}
            errorMessage="media.load.error"
            retry={false}
            loadingMessage={loading ? 'common.loading' : undefined}
          >
            {({ results: items }) =>
              items.length === 0 ? (
                <EmptyStateLayout
                  content={
                    state.q || state.folder ? t('media.empty.filtered') : t('media.empty.library')
                  }
                />
              ) : (
                <Box>
                  <Grid.Root gap={4}>
                    {items.map((item) => (
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
                          canUpdate={canUpdate}
                          pending={pending.has(item.id) || bulkBusy}
                          selected={selected.has(item.id)}
                          onSelect={(on) => select([item.id], on)}
                          onToggle={(forSale) => void switchSale(item.id, item.name, forSale)}
                        />
                      </Grid.Item>
                    ))}
                  </Grid.Root>
                </Box>
              )
            }
          </LoadState>
          {data ? (
            <Pager
              label={t('media.pagination.label')}
              page={data.pagination.page}
              pageCount={data.pagination.pageCount}
              onPageChange={(page) => update({ page })}
              pageSize={{
                label: t('media.pagination.pageSize'),
                value: state.pageSize,
                options: MEDIA_PAGE_SIZES,
                onChange: (pageSize) => update({ pageSize }),
              }}
              summary={t('media.pagination.total', { total: data.pagination.total })}
              disabled={loading}
            />
          ) : null}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

export default MediaPage;
