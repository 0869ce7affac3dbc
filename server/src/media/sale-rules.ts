import type { Core } from '@strapi/strapi';
import type { NotForSaleReason } from '../../../shared/contracts/prices';
import type { Settings } from '../../../shared/contracts/settings';
import { PLUGIN_ID } from '../plugin-id';
import type { MediaFile } from './files';

export type { NotForSaleReason };

const SALE_RULE_UID = `plugin::${PLUGIN_ID}.sale-rule` as const;

/** Formats the upscalers take; vector and animated formats are not sold. */
const SELLABLE_MIMES = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/tiff',
  'image/avif',
]);

type SaleDecision = { forSale: true } | { forSale: false; reason: NotForSaleReason };

/**
 * The server-side sale rules (the original let any attachment be bought through the
 * API, whatever its display rules): image type and size first, then the sale mode —
 * `all` sells the eligible images a published entry uses (media/published-use) and
 * those switched on, `opt-out` every eligible image but those switched off, `opt-in`
 * only those switched on. A file switched off is never sold.
 */
export function decideSale(
  file: Pick<MediaFile, 'mime' | 'width' | 'height'>,
  settings: Pick<Settings, 'saleMode' | 'minImageSize'>,
  rule: boolean | null,
  published: boolean,
): SaleDecision {
  if (!SELLABLE_MIMES.has(file.mime) || !file.width || !file.height)
    return { forSale: false, reason: 'not_an_image' };
  if (Math.min(file.width, file.height) < settings.minImageSize)
    return { forSale: false, reason: 'too_small' };
  if (settings.saleMode === 'opt-in' && rule !== true)
    return { forSale: false, reason: 'not_opted_in' };
  if (rule === false) return { forSale: false, reason: 'opted_out' };
  if (settings.saleMode === 'all' && rule !== true && !published)
    return { forSale: false, reason: 'not_published' };
  return { forSale: true };
}

export function createSaleRulesService(strapi: Core.Strapi) {
  const query = () => strapi.db.query(SALE_RULE_UID);
  return {
    /** The per-file choice: true (on), false (off) or null (no rule: the sale mode decides). */
    async ruleFor(fileId: number): Promise<boolean | null> {
      const rule = (await query().findOne({ where: { fileId }, select: ['forSale'] })) as {
        forSale: boolean;
      } | null;
      return rule ? Boolean(rule.forSale) : null;
    },

    /** Sets (or with null, removes) the rule of one file. Safe under concurrent calls (unique file_id). */
    async setRule(fileId: number, forSale: boolean | null): Promise<void> {
      if (forSale === null) {
        await query().deleteMany({ where: { fileId } });
        return;
      }
      const updated = await query().updateMany({ where: { fileId }, data: { forSale } });
      if (updated.count > 0) return;
      try {
        await strapi.documents(SALE_RULE_UID).create({ data: { fileId, forSale } });
      } catch (error) {
        // Another request created it first (unique index): set the value on that row.
        const retried = await query().updateMany({ where: { fileId }, data: { forSale } });
        if (retried.count === 0) throw error;
      }
    },

    /** The rules of several files at once (one query): files without a rule are absent from the map. */
    async rulesFor(fileIds: readonly number[]): Promise<Map<number, boolean>> {
      const rules = new Map<number, boolean>();
      if (fileIds.length === 0) return rules;
      const rows = (await query().findMany({
        where: { fileId: { $in: [...fileIds] } },
        select: ['fileId', 'forSale'],
      })) as Array<{
        fileId: number;
        forSale: boolean;
      }>;
      for (const row of rows) rules.set(Number(row.fileId), Boolean(row.forSale));
      return rules;
    },

    /**
     * Sets (or with null, removes) the rule of several files in one transaction, so a
     * bulk change is all or nothing. A concurrent single change can make the insert of
     * a missing row hit the unique index (and abort the transaction on PostgreSQL):
     * the whole batch is then retried once, when that row exists and is updated instead.
     */
    async setRules(fileIds: readonly number[], forSale: boolean | null): Promise<void> {
      const ids = [...new Set(fileIds)];
      if (ids.length === 0) return;
      const apply = () =>
        strapi.db.transaction(async () => {
          if (forSale === null) {
            await query().deleteMany({ where: { fileId: { $in: ids } } });
            return;
          }
          await query().updateMany({ where: { fileId: { $in: ids } }, data: { forSale } });
          const existing = (await query().findMany({
            where: { fileId: { $in: ids } },
            select: ['fileId'],
          })) as Array<{ fileId: number }>;
          const have = new Set(existing.map((row) => Number(row.fileId)));
          // The document service fills documentId, which the query engine does not.
          for (const fileId of ids.filter((id) => !have.has(id))) {
            await strapi.documents(SALE_RULE_UID).create({ data: { fileId, forSale } });
          }
        });
      try {
        await apply();
      } catch {
        await apply();
      }
    },

    async removeForFile(fileId: number): Promise<void> {
      await query().deleteMany({ where: { fileId } });
    },
  };
}

export type SaleRulesService = ReturnType<typeof createSaleRulesService>;
