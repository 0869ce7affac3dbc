import type { ReactNode } from 'react';
import { Typography } from '@strapi/design-system';
import { useNotification, useRBAC } from '@strapi/strapi/admin';
import type { EntryImage } from '../../../shared/contracts/media';
import { apiFailure } from '../api/client';
import { useEntryMedia, useSaleRule } from '../api/media';
import { PERMISSIONS } from '../permissions';
import { useT } from '../utils/useT';
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
  const { toggleNotification } = useNotification();
  const { allowedActions } = useRBAC(PERMISSIONS.updateMedia);
  const canUpdate = Boolean(allowedActions.canUpdate);
  const { setRule, pending } = useSaleRule();

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

  const toggle = async (image: EntryImage, forSale: boolean) => {
    try {
      await setRule(image.fileId, forSale);
    } catch (error) {
      toggleNotification({
        type: 'danger',
        message: t('media.toggle.error', { name: image.name, message: apiFailure(error).message }),
      });
    }
  };

  if (!relevant || media.isLoading || media.isIdle) return null;
  if (media.data && media.data.mediaFields.length === 0) return null;

  return {
    title: t('panel.title'),
    content:
      media.isError || !media.data ? (
        <Typography variant="pi" textColor="danger600" role="alert">
          {t('media.panel.error', { message: apiFailure(media.error).message })}
        </Typography>
      ) : (
        <EntryImageList
          images={media.data.images}
          saleMode={media.data.saleMode}
          canUpdate={canUpdate}
          pending={pending}
          onToggle={(image, forSale) => void toggle(image, forSale)}
        />
      ),
  };
};
