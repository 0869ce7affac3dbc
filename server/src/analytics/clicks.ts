import type { Core } from '@strapi/strapi';
import type { ClickKind } from '../../../shared/contracts/prices';
import type { Quotes } from '../commerce/quotes';
import { PLUGIN_ID } from '../plugin-id';
import { errors } from '../utils/errors';

export const CLICK_UID = `plugin::${PLUGIN_ID}.click` as const;

export function createClicksService(
  strapi: Core.Strapi,
  deps: { quotes: Pick<Quotes, 'sellableFile'> },
) {
  return {
    /**
     * A visitor's click (`POST /clicks`): the buy button (`buy`), a live preview seen
     * (`preview`) or an image added to the cart (`cart_add`). 404 for a file that is unknown
     * or not for sale, like GET /prices; a failing lookup or write is logged and the
     * click still answers 204.
     */
    async click(
      fileId: string,
      sourcePage: string | null,
      visitorHash: string | null,
      kind: ClickKind = 'buy',
    ): Promise<void> {
      let file;
      try {
        ({ file } = await deps.quotes.sellableFile(fileId));
      } catch (error) {
        if (error instanceof errors.NotFoundError) throw error;
        strapi.log.error(`[sell-my-images] click lookup failed: ${(error as Error).message}`);
        return;
      }
      await this.record(file.id, sourcePage, visitorHash, kind);
    },

    /** Stores one click. Never throws for storage trouble: the visitor's click must not fail. */
    async record(
      fileId: number,
      sourcePage: string | null,
      visitorHash: string | null,
      kind: ClickKind = 'buy',
    ): Promise<boolean> {
      try {
        await strapi.db
          .query(CLICK_UID)
          .create({ data: { fileId, sourcePage, visitorHash, kind } });
        return true;
      } catch (error) {
        strapi.log.error(`[sell-my-images] could not store a click: ${(error as Error).message}`);
        return false;
      }
    },
  };
}

export type ClicksService = ReturnType<typeof createClicksService>;
