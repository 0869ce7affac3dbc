import type { Core } from '@strapi/strapi';
import type { ImagePrice } from '../../../shared/contracts/media';
import { PLUGIN_ID } from '../plugin-id';

/**
 * Each image's own price (premium photos), keyed by upload file: a fixed price per
 * resolution and/or a multiplier of the shop's rule (docs/architecture.md "Money rules").
 * A file without a row is priced by the shop's rule. The catalog carries it to the public
 * routes, so a change must invalidate the catalog (the admin route does).
 */
const IMAGE_PRICE_UID = `plugin::${PLUGIN_ID}.image-price` as const;

/** No price of its own. */
export const NO_IMAGE_PRICE: ImagePrice = { fixedPrices: null, multiplierPercent: null };

interface Row {
  fileId: number;
  fixedPrices: unknown;
  multiplierPercent: number | null;
}

/** A stored row as the contract's shape (a JSON column may come back as text on some databases). */
function fromRow(row: Row): ImagePrice {
  let fixed = row.fixedPrices;
  if (typeof fixed === 'string') {
    try {
      fixed = JSON.parse(fixed) as unknown;
    } catch {
      fixed = null;
    }
  }
  const prices =
    fixed && typeof fixed === 'object' && !Array.isArray(fixed)
      ? Object.fromEntries(
          Object.entries(fixed as Record<string, unknown>).filter(
            (entry): entry is [string, number] =>
              typeof entry[1] === 'number' && Number.isInteger(entry[1]) && entry[1] >= 0,
          ),
        )
      : null;
  return {
    fixedPrices: prices && Object.keys(prices).length > 0 ? prices : null,
    multiplierPercent: row.multiplierPercent === null ? null : Number(row.multiplierPercent),
  };
}

const FIELDS = ['fileId', 'fixedPrices', 'multiplierPercent'];

export function createImagePrices(strapi: Core.Strapi) {
  const query = () => strapi.db.query(IMAGE_PRICE_UID);
  return {
    /** The file's own price, or `NO_IMAGE_PRICE`. */
    async priceFor(fileId: number): Promise<ImagePrice> {
      const row = (await query().findOne({ where: { fileId }, select: FIELDS })) as Row | null;
      return row ? fromRow(row) : NO_IMAGE_PRICE;
    },

    /** The prices of several files (one query): files without one are absent from the map. */
    async pricesFor(fileIds: readonly number[]): Promise<Map<number, ImagePrice>> {
      const prices = new Map<number, ImagePrice>();
      if (fileIds.length === 0) return prices;
      const rows = (await query().findMany({
        where: { fileId: { $in: [...fileIds] } },
        select: FIELDS,
      })) as Row[];
      for (const row of rows) prices.set(Number(row.fileId), fromRow(row));
      return prices;
    },

    /**
     * Sets the file's price; both fields null removes it. Safe under concurrent calls
     * (unique file_id): a lost insert race updates the winner's row.
     */
    async setPrice(fileId: number, price: ImagePrice): Promise<ImagePrice> {
      if (price.fixedPrices === null && price.multiplierPercent === null) {
        await query().deleteMany({ where: { fileId } });
        return NO_IMAGE_PRICE;
      }
      const data = { fixedPrices: price.fixedPrices, multiplierPercent: price.multiplierPercent };
      const updated = await query().updateMany({ where: { fileId }, data });
      if (updated.count > 0) return price;
      try {
        // The document service fills documentId, which the query engine does not.
        await strapi.documents(IMAGE_PRICE_UID).create({ data: { fileId, ...data } as never });
      } catch (error) {
        const retried = await query().updateMany({ where: { fileId }, data });
        if (retried.count === 0) throw error;
      }
      return price;
    },

    async removeForFile(fileId: number): Promise<void> {
      await query().deleteMany({ where: { fileId } });
    },
  };
}

export type ImagePricesService = ReturnType<typeof createImagePrices>;
