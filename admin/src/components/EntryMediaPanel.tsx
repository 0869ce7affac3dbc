import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { Typography } from '@strapi/design-system';
import { useFetchClient, useNotification, useRBAC } from '@strapi/strapi/admin';
import { PERMISSIONS } from '../permissions';
import { API, apiFailure } from '../utils/api';
import { useT } from '../utils/useT';
import { EntryImageList } from './media/EntryImageList';
import type { EntryImage, EntryMedia } from './media/types';

/** What the Content Manager gives a side panel (PanelComponentProps of @strapi/content-manager). */
export interface EntryMediaPanelProps {
  model: string;
  documentId?: string;
  document?: { locale?: string | null; updatedAt?: string | null } & Record<string, unknown>;
  collectionType: string;
  activeTab: 'draft' | 'published' | null;
  meta?: unknown;
}

export interface PanelDescription {
  title: string;
  content: ReactNode;
}

type Load =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; media: EntryMedia };

/**
 * Content Manager edit-view side panel: the entry's images with their sale switch and
 * 4x/8x prices. A description component (it returns `{ title, content }`, not JSX):
 * nothing for plugin or core models, for an entry being created, or for a content
 * type without media fields.
 */
export const EntryMediaPanel = ({
  model,
  documentId,
  document,
  activeTab,
}: EntryMediaPanelProps): PanelDescription | null => {
  const t = useT();
  const { get, put } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { allowedActions } = useRBAC({ update: PERMISSIONS.updateMedia });
  const canUpdate = Boolean(allowedActions.canUpdate);
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [pending, setPending] = useState<ReadonlySet<number>>(new Set());
  const [reloads, setReloads] = useState(0);

  const relevant = model.startsWith('api::') && Boolean(documentId);
  const locale = document?.locale ?? undefined;
  const status = activeTab === 'published' ? 'published' : 'draft';
  // A saved entry may have new images: `updatedAt` changes with every save.
  const version = document?.updatedAt ?? null;

  useEffect(() => {
    if (!relevant) return;
    let current = true;
    const params: Record<string, string> = { status };
    if (locale) params.locale = locale;
    get<{ data: EntryMedia }>(
      `${API}/entries/${encodeURIComponent(model)}/${encodeURIComponent(documentId as string)}/media`,
      { params },
    )
      .then(({ data }) => current && setLoad({ status: 'ready', media: data.data }))
      .catch(
        (error: unknown) =>
          current && setLoad({ status: 'error', message: apiFailure(error).message }),
      );
    return () => {
      current = false;
    };
  }, [get, relevant, model, documentId, locale, status, version, reloads]);

  const toggle = useCallback(
    async (image: EntryImage, forSale: boolean) => {
      setPending((prev) => new Set(prev).add(image.fileId));
      try {
        await put(`${API}/media/${image.fileId}/sale`, { forSale });
      } catch (error) {
        toggleNotification({
          type: 'danger',
          message: t('media.toggle.error', {
            name: image.name,
            message: apiFailure(error).message,
          }),
        });
      } finally {
        setPending((prev) => {
          const next = new Set(prev);
          next.delete(image.fileId);
          return next;
        });
        // The server's answer is the truth (state, reason, prices): fetch it again.
        setReloads((n) => n + 1);
      }
    },
    [put, t, toggleNotification],
  );

  if (!relevant) return null;
  if (load.status === 'ready' && load.media.mediaFields.length === 0) return null;
  if (load.status === 'loading') return null;

  return {
    title: t('panel.title'),
    content:
      load.status === 'error' ? (
        <Typography variant="pi" textColor="danger600" role="alert">
          {t('media.panel.error', { message: load.message })}
        </Typography>
      ) : (
        <EntryImageList
          images={load.media.images}
          saleMode={load.media.saleMode}
          canUpdate={canUpdate}
          pending={pending}
          onToggle={(image, forSale) => void toggle(image, forSale)}
        />
      ),
  };
};
