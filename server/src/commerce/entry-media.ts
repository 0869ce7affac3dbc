import type { Core, UID } from '@strapi/strapi';
import type {
  EntryMedia,
  EntryPrice,
  ImagePrice,
  SaleState,
} from '../../../shared/contracts/media';
import type { PriceRule } from '../../../shared/contracts/prices';
import { thumbnailUrlOf, type UploadFile } from '../media/files';
import { saleStates } from '../media/media-library';
import type { PublishedUse } from '../media/published-use';
import { NO_IMAGE_PRICE, type ImagePricesService } from '../media/image-prices';
import type { SaleRulesService } from '../media/sale-rules';
import type { EffectiveSettings, SettingsService } from '../settings/settings';
import { errors, httpError } from '../utils/errors';
import type { Quotes } from './quotes';

/**
 * The images of one Content Manager entry (the edit view's side panel): every media
 * attribute of the content type, at the top level and inside components and dynamic
 * zones, loaded with the document service as the edit view loads it, each image with
 * its sale state and its prices.
 */

/** Components may nest components; Strapi caps nesting well below this. */
const MAX_DEPTH = 6;

interface Attribute {
  type: string;
  component?: string;
  components?: string[];
  repeatable?: boolean;
}
type Attributes = Record<string, Attribute>;

type Populate = Record<
  string,
  true | { populate: Populate } | { on: Record<string, { populate: Populate }> }
>;

interface MediaTree {
  populate: Populate;
  /** Readable schema paths of the media attributes: `image`, `hero.image`, `sections[shared.quote].photo`. */
  fields: string[];
}

/** The populate tree reaching every media attribute, and their paths; branches without media are left out. */
export function mediaTree(
  strapi: Core.Strapi,
  attributes: Attributes,
  prefix = '',
  depth = 0,
): MediaTree {
  const tree: MediaTree = { populate: {}, fields: [] };
  if (depth > MAX_DEPTH) return tree;
  const componentTree = (uid: string, path: string) => {
    const component = strapi.components[uid as UID.Component] as
      { attributes: Attributes } | undefined;
    return component
      ? mediaTree(strapi, component.attributes, path, depth + 1)
      : { populate: {}, fields: [] };
  };
  for (const [name, attribute] of Object.entries(attributes)) {
    const path = `${prefix}${name}`;
    if (attribute.type === 'media') {
      tree.populate[name] = true;
      tree.fields.push(path);
    } else if (attribute.type === 'component' && attribute.component) {
      const sub = componentTree(attribute.component, `${path}.`);
      if (sub.fields.length === 0) continue;
      tree.populate[name] = { populate: sub.populate };
      tree.fields.push(...sub.fields);
    } else if (attribute.type === 'dynamiczone') {
      const on: Record<string, { populate: Populate }> = {};
      for (const uid of attribute.components ?? []) {
        const sub = componentTree(uid, `${path}[${uid}].`);
        if (sub.fields.length === 0) continue;
        on[uid] = { populate: sub.populate };
        tree.fields.push(...sub.fields);
      }
      if (Object.keys(on).length > 0) tree.populate[name] = { on };
    }
  }
  return tree;
}

/** A media value as the document service populates it. */
type FileValue = Omit<UploadFile, 'provider'> & { formats?: UploadFile['formats'] };

interface FoundImage {
  /** Where in the entry: `image`, `gallery`, `hero.image`, `sections.2.photo` (dynamic zone / repeatable index). */
  field: string;
  file: FileValue;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isFile = (value: unknown): value is FileValue =>
  isObject(value) && typeof value.id === 'number' && typeof value.url === 'string';

/** Walks a loaded entry along its schema and collects the media files, in schema order. */
export function collectImages(
  strapi: Core.Strapi,
  attributes: Attributes,
  value: Record<string, unknown>,
  prefix = '',
  depth = 0,
): FoundImage[] {
  const found: FoundImage[] = [];
  if (depth > MAX_DEPTH) return found;
  const inComponent = (uid: string, item: unknown, path: string) => {
    const component = strapi.components[uid as UID.Component] as
      { attributes: Attributes } | undefined;
    if (component && isObject(item))
      found.push(...collectImages(strapi, component.attributes, item, path, depth + 1));
  };
  for (const [name, attribute] of Object.entries(attributes)) {
    const current = value[name];
    const path = `${prefix}${name}`;
    if (attribute.type === 'media') {
      for (const file of Array.isArray(current) ? current : [current])
        if (isFile(file)) found.push({ field: path, file });
    } else if (attribute.type === 'component' && attribute.component) {
      if (Array.isArray(current))
        current.forEach((item, index) =>
          inComponent(attribute.component as string, item, `${path}.${index}.`),
        );
      else inComponent(attribute.component, current, `${path}.`);
    } else if (attribute.type === 'dynamiczone' && Array.isArray(current)) {
      current.forEach((item, index) => {
        if (isObject(item) && typeof item.__component === 'string')
          inComponent(item.__component, item, `${path}.${index}.`);
      });
    }
  }
  return found;
}

export interface EntryMediaRequest {
  model: string;
  documentId: string;
  locale?: string;
  status: 'draft' | 'published';
}

/**
 * The options GET /prices answers with (the same quote with the image's own price, upscaler
 * limits and local-AI times; with licences, the first licence's), and the rule that priced them.
 */
async function pricesFor(
  quotes: Quotes,
  file: FileValue,
  price: ImagePrice,
  settings: EffectiveSettings,
  state: SaleState,
): Promise<{ prices: EntryPrice[]; priceRule: PriceRule }> {
  if (state.reason === 'not_an_image' || !file.width || !file.height)
    return { prices: [], priceRule: 'default' };
  const { width: w, height: h } = file;
  const { options, priceRule } = await quotes.priced(
    { id: file.id, width: w, height: h, price },
    settings,
  );
  const prices = options.map(
    ({ resolution, scale, width, height, amount, formatted, available, reason }) => ({
      resolution,
      scale,
      width,
      height,
      amount,
      formatted,
      available,
      ...(reason ? { reason } : {}),
    }),
  );
  return { prices, priceRule };
}

export function createEntryMedia(
  strapi: Core.Strapi,
  deps: {
    settings: SettingsService;
    saleRules: SaleRulesService;
    imagePrices: ImagePricesService;
    publishedUse: PublishedUse;
    quotes: Quotes;
  },
) {
  return {
    /**
     * 400 for a model that is not an `api::` content type, 403 when the admin may not read
     * its entries (`canRead`), 404 for an unknown entry.
     */
    async find(
      request: EntryMediaRequest,
      canRead: (model: string) => boolean,
    ): Promise<EntryMedia> {
      const contentType = request.model.startsWith('api::')
        ? (strapi.contentTypes[request.model as UID.ContentType] as
            { attributes: Attributes } | undefined)
        : undefined;
      if (!contentType) {
        throw new errors.ValidationError('Invalid parameters', {
          errors: [{ path: ['model'], message: 'Unknown content type', name: 'ValidationError' }],
        });
      }
      // The panel shows part of an entry: only to admins who may read that content type.
      if (!canRead(request.model)) {
        throw httpError(403, 'You may not read entries of this content type');
      }
      const tree = mediaTree(strapi, contentType.attributes);
      const settings = await deps.settings.get({ fresh: true });
      const answer = {
        saleMode: settings.saleMode,
        currency: settings.currency,
        mediaFields: tree.fields,
      };

      const documents = strapi.documents(request.model as UID.ContentType);
      // The document service ignores `locale` for types without i18n and `status` without draft & publish.
      const entry = (await documents.findOne({
        documentId: request.documentId,
        status: request.status,
        ...(request.locale ? { locale: request.locale } : {}),
        ...(tree.fields.length > 0
          ? { populate: tree.populate as never }
          : { fields: ['documentId'] as never }),
      })) as Record<string, unknown> | null;
      if (!entry) throw new errors.NotFoundError('No entry with this documentId');
      if (tree.fields.length === 0) return { ...answer, images: [] };

      const found = collectImages(strapi, contentType.attributes, entry);
      const [states, ownPrices] = await Promise.all([
        saleStates(
          deps,
          settings,
          found.map(({ file }) => file),
        ),
        deps.imagePrices.pricesFor(found.map(({ file }) => file.id)),
      ]);
      const images = found.map(async ({ field, file }, index) => {
        const state = states[index];
        const price = ownPrices.get(file.id) ?? NO_IMAGE_PRICE;
        return {
          fileId: file.id,
          documentId: file.documentId,
          field,
          name: file.name,
          url: file.url,
          thumbnailUrl: thumbnailUrlOf({ url: file.url, formats: file.formats }),
          mime: file.mime,
          width: file.width ?? null,
          height: file.height ?? null,
          ...state,
          price,
          ...(await pricesFor(deps.quotes, file, price, settings, state)),
        };
      });
      return { ...answer, images: await Promise.all(images) };
    },
  };
}
export type EntryMediaService = ReturnType<typeof createEntryMedia>;
