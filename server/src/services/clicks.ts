import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../plugin-id';

export const CLICK_UID = `plugin::${PLUGIN_ID}.click` as const;

export function createClicksService(strapi: Core.Strapi) {
  return {
    /** Stores one click. Never throws for storage trouble: the visitor's click must not fail. */
    async record(
      fileId: number,
      sourcePage: string | null,
      visitorHash: string | null,
    ): Promise<boolean> {
      try {
        await strapi.db.query(CLICK_UID).create({ data: { fileId, sourcePage, visitorHash } });
        return true;
      } catch (error) {
        strapi.log.error(`[sell-my-images] could not store a click: ${(error as Error).message}`);
        return false;
      }
    },
  };
}

export type ClicksService = ReturnType<typeof createClicksService>;
