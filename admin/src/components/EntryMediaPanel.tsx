import type { ReactNode } from 'react';
import { useRBAC } from '@strapi/strapi/admin';
import { useEntryMedia } from '../api/media';
import { useSaleSwitch } from '../hooks/useSaleSwitch';
import { PERMISSIONS } from '../permissions';
import { useT } from '../utils/useT';
import { LoadState } from './LoadState';
import { EntryImageList } from './media/EntryImageList';

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

/**
 * Content Manager edit-view side panel: the entry's images with their sale switch and
 * 4x/8x prices. A description component (it returns `{ title, content }`, not JSX):
 * nothing for plugin or core models, for an entry being created, or for a content
 * type without media fields. After a switch the server's answer is the truth (state,
 * reason, prices): the images are read again.
 */
export const EntryMediaPanel = ({
  model,
  documentId,
  document,
  activeTab,
}: EntryMediaPanelProps): PanelDescription | null => {
  const t = useT();
  const { allowedActions } = useRBAC(PERMISSIONS.updateMedia);
  const canUpdate = Boolean(allowedActions.canUpdate);
  const { switchSale, pending } = useSaleSwitch();

  const relevant = model.startsWith('api::') && Boolean(documentId);
  const media = useEntryMedia(
    relevant
      ? {
          model,
          documentId: documentId as string,
          status: activeTab === 'published' ? 'published' : 'draft',
          locale: document?.locale ?? undefined,
          // A saved entry may have new images: `updatedAt` changes with every save.
          version: document?.updatedAt ?? null,
        }
      : null,
  );

  if (!relevant || media.isLoading || media.isIdle) return null;
  if (media.data && media.data.mediaFields.length === 0) return null;

  return {
    title: t('panel.title'),
    content: (
      <LoadState query={media} errorMessage="media.panel.error" retry={false} inline>
        {({ images, currency }) => (
          <EntryImageList
            images={images}
            currency={currency}
            canUpdate={canUpdate}
            pending={pending}
            onToggle={(image, forSale) => void switchSale(image.fileId, image.name, forSale)}
          />
        )}
      </LoadState>
    ),
  };
};
