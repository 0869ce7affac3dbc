/**
 * The cart's lines priced by the server (docs/architecture.md "Previews, cart and
 * purchases"): each item is looked up and priced by the same quotes as `GET /prices` and
 * `POST /checkout`; an item that cannot be bought is a line marked unavailable with its
 * reason and the field at fault, never an error of the whole cart.
 */
import type { Core } from '@strapi/strapi';
import type { CartQuoteLine } from '../../../shared/contracts/cart';
import type { Licence } from '../../../shared/contracts/settings-commerce';
import { absoluteFileUrl, FILE_UID, thumbnailUrlOf, type FileFormats } from '../media/files';
import type { EffectiveSettings } from '../settings/settings';
import { publicUrl } from '../settings/urls';
import { errors } from '../utils/errors';
import type { CartItemBody } from '../validation/public';
import type { PricedOption, Quotes, SellableFile } from './quotes';

export type LineReason = NonNullable<CartQuoteLine['reason']>;

/** One item of the cart as the server prices it. */
export interface CartLine {
  index: number;
  item: CartItemBody;
  file: SellableFile | null;
  option: PricedOption | null;
  licence: Licence | null;
  available: boolean;
  reason?: LineReason;
  /** The item's field the reason is about (`fileId`, `licence`, `resolution`). */
  field?: 'fileId' | 'licence' | 'resolution';
}

type Offer = Pick<CartLine, 'option' | 'licence'> & Partial<Pick<CartLine, 'reason' | 'field'>>;

/** The licence and option an item asks for (none sent: the first licence), as `POST /checkout` reads it. */
function offerOf(priced: Awaited<ReturnType<Quotes['priced']>>, item: CartItemBody): Offer {
  const { licences } = priced;
  if (item.licence !== undefined && !licences)
    return { option: null, licence: null, reason: 'not_offered', field: 'licence' };
  const tier = licences
    ? licences.find((l) => l.licence.id === (item.licence ?? licences[0].licence.id))
    : undefined;
  if (licences && !tier)
    return { option: null, licence: null, reason: 'not_offered', field: 'licence' };
  const option = (tier?.options ?? priced.options).find((o) => o.resolution === item.resolution);
  const licence = tier?.licence ?? null;
  if (!option) return { option: null, licence, reason: 'not_offered', field: 'resolution' };
  if (!option.available) return { option, licence, reason: option.reason, field: 'resolution' };
  return { option, licence };
}

/** Prices every item; the settings are the snapshot the quotes were made with. */
export async function priceLines(
  quotes: Quotes,
  items: readonly CartItemBody[],
): Promise<{ lines: CartLine[]; settings: EffectiveSettings | null }> {
  let settings: EffectiveSettings | null = null;
  const lines = await Promise.all(
    items.map(async (item, index): Promise<CartLine> => {
      let found: Awaited<ReturnType<Quotes['sellableFile']>>;
      try {
        found = await quotes.sellableFile(item.fileId);
      } catch (error) {
        if (!(error instanceof errors.NotFoundError)) throw error;
        const none = { file: null, option: null, licence: null };
        return { index, item, ...none, available: false, reason: 'not_for_sale', field: 'fileId' };
      }
      settings ??= found.settings;
      const offer = offerOf(await quotes.priced(found.file, found.settings), item);
      return { index, item, file: found.file, ...offer, available: !offer.reason };
    }),
  );
  return { lines, settings };
}

/**
 * The index of an earlier line selling the same file, resolution and licence as `line`
 * (two references to one file, its id and its documentId), or -1.
 */
export function duplicateOf(lines: readonly CartLine[], line: CartLine): number {
  if (!line.file || !line.option) return -1;
  return lines.findIndex(
    (other) =>
      other.index < line.index &&
      other.file?.id === line.file?.id &&
      other.option?.resolution === line.option?.resolution &&
      other.licence?.id === line.licence?.id,
  );
}

interface ShownFile {
  id: number;
  name: string;
  alternativeText: string | null;
  url: string;
  formats: FileFormats | string | null;
}

/** Title and absolute thumbnail URL of each line's file (one query for the cart). */
export async function shownFiles(
  strapi: Core.Strapi,
  lines: readonly CartLine[],
): Promise<Map<number, { title: string; thumbnailUrl: string }>> {
  const ids = [...new Set(lines.flatMap((line) => (line.file ? [line.file.id] : [])))];
  if (!ids.length) return new Map();
  const rows = (await strapi.db.query(FILE_UID).findMany({
    where: { id: { $in: ids } },
    select: ['id', 'name', 'alternativeText', 'url', 'formats'],
  })) as ShownFile[];
  const base = publicUrl(strapi);
  return new Map(
    rows.map((row) => [
      row.id,
      {
        title: row.alternativeText?.trim() || row.name,
        thumbnailUrl: absoluteFileUrl({ url: thumbnailUrlOf(row) }, base),
      },
    ]),
  );
}
