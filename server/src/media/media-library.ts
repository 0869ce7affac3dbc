import type { Core } from '@strapi/strapi';
import type {
  BulkSaleAnswer,
  ImagePriceAnswer,
  ImagePriceRequest,
  MediaFolder,
  MediaFolderRef,
  MediaList,
  SaleRuleAnswer,
  SaleState,
} from '../../../shared/contracts/media';
import type { Settings } from '../../../shared/contracts/settings';
import type { SettingsService } from '../settings/settings';
import { errors } from '../utils/errors';
import type { Catalog } from './catalog';
import { FILE_FIELDS, FILE_UID, findMediaFile, thumbnailUrlOf, type UploadFile } from './files';
import type { PublishedUse } from './published-use';
import { NO_IMAGE_PRICE, type ImagePricesService } from './image-prices';
import { decideSale, type SaleRulesService } from './sale-rules';

/**
 * The sellable-media page's view of the media library: images only, searched,
 * filtered by folder and paged by the database, each with its per-file rule and the
 * effective sale decision (the same `decideSale` GET /prices applies, with the precise
 * reason the public routes keep to themselves).
 */

const FOLDER_UID = 'plugin::upload.folder';

export interface MediaListQuery {
  /** Case-insensitive part of the file name. */
  q?: string;
  /** A folder id (its direct files), `root` (files outside any folder) or absent (everything). */
  folder?: number | 'root';
  page: number;
  pageSize: number;
}

type FileRow = UploadFile & { folder?: MediaFolderRef | null };

type SaleSettings = Pick<Settings, 'saleMode' | 'minImageSize'>;

/** The effective state of one file under the given settings and rule; `published`: a published entry uses it. */
export function saleState(
  file: Pick<FileRow, 'mime' | 'width' | 'height'>,
  settings: SaleSettings,
  rule: boolean | null,
  published: boolean,
): SaleState {
  const decision = decideSale(file, settings, rule, published);
  return decision.forSale
    ? { rule, forSale: true }
    : { rule, forSale: false, reason: decision.reason };
}

/**
 * The sale state of each file, in order (its rule, or `rule` for all of them, and in
 * sale mode `all` its published use: one query each) — what the admin's media views show.
 */
export async function saleStates(
  deps: { saleRules: SaleRulesService; publishedUse: PublishedUse },
  settings: SaleSettings,
  files: ReadonlyArray<Pick<FileRow, 'id' | 'mime' | 'width' | 'height'>>,
  rule?: boolean | null,
): Promise<SaleState[]> {
  const ids = files.map((file) => file.id);
  const [rules, published] = await Promise.all([
    rule === undefined ? deps.saleRules.rulesFor(ids) : new Map<number, boolean>(),
    settings.saleMode === 'all' ? deps.publishedUse.usedByPublished(ids) : new Set<number>(),
  ]);
  return files.map((file) =>
    saleState(
      file,
      settings,
      rule === undefined ? (rules.get(file.id) ?? null) : rule,
      published.has(file.id),
    ),
  );
}

export function createMediaLibrary(
  strapi: Core.Strapi,
  deps: {
    settings: SettingsService;
    saleRules: SaleRulesService;
    imagePrices: ImagePricesService;
    publishedUse: PublishedUse;
    catalog: Catalog;
  },
) {
  const files = () => strapi.db.query(FILE_UID);
  const folders = () => strapi.db.query(FOLDER_UID);

  /** Files of a folder carry its id path in `folderPath` (indexed): no join needed to filter. */
  async function folderPathOf(folder: MediaListQuery['folder']): Promise<string | undefined> {
    if (folder === undefined) return undefined;
    if (folder === 'root') return '/';
    const row = (await folders().findOne({ where: { id: folder }, select: ['path'] })) as {
      path: string;
    } | null;
    if (!row) {
      throw new errors.NotFoundError('No folder with this id', {
        errors: [{ path: ['folder'], message: 'No folder with this id', name: 'ValidationError' }],
      });
    }
    return row.path;
  }

  return {
    async list(query: MediaListQuery): Promise<MediaList> {
      const folderPath = await folderPathOf(query.folder);
      const where: Record<string, unknown> = { mime: { $startsWith: 'image/' } };
      if (query.q) where.name = { $containsi: query.q };
      if (folderPath !== undefined) where.folderPath = folderPath;

      const [total, rows, settings] = await Promise.all([
        files().count({ where }),
        files().findMany({
          where,
          select: FILE_FIELDS,
          populate: { folder: { select: ['id', 'name', 'path'] } },
          // Newest first like the media library; id breaks ties so pages never overlap.
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          offset: (query.page - 1) * query.pageSize,
          limit: query.pageSize,
        }) as Promise<FileRow[]>,
        // The admin sees a settings change at once, not after the public routes' short cache.
        deps.settings.get({ fresh: true }),
      ]);
      const [states, prices] = await Promise.all([
        saleStates(deps, settings, rows),
        deps.imagePrices.pricesFor(rows.map((row) => row.id)),
      ]);
      return {
        saleMode: settings.saleMode,
        results: rows.map((row, index) => ({
          id: row.id,
          documentId: row.documentId,
          name: row.name,
          url: row.url,
          thumbnailUrl: thumbnailUrlOf(row),
          width: row.width ?? null,
          height: row.height ?? null,
          mime: row.mime,
          folder: row.folder
            ? { id: row.folder.id, name: row.folder.name, path: row.folder.path }
            : null,
          ...states[index],
          price: prices.get(row.id) ?? NO_IMAGE_PRICE,
        })),
        pagination: {
          page: query.page,
          pageSize: query.pageSize,
          pageCount: Math.ceil(Number(total) / query.pageSize),
          total: Number(total),
        },
      };
    },

    async folders(): Promise<MediaFolder[]> {
      const rows = (await folders().findMany({
        select: ['id', 'name', 'path'],
        orderBy: { path: 'asc' },
      })) as MediaFolderRef[];
      const byId = new Map(rows.map((row) => [String(row.id), row]));
      // `path` holds ids (`/1/4`); the label spells it with names.
      const label = (row: MediaFolderRef) =>
        row.path
          .split('/')
          .filter(Boolean)
          .map((segment) => byId.get(segment)?.name ?? segment)
          .join(' / ');
      return rows
        .map((row) => ({ id: row.id, name: row.name, path: row.path, label: label(row) }))
        .sort((a, b) => a.label.localeCompare(b.label));
    },

    /** Sets (or with null, removes) the rule of one file (id or documentId); 404 when unknown. */
    async setOne(fileId: string, forSale: boolean | null): Promise<SaleRuleAnswer> {
      const file = await findMediaFile(strapi, fileId);
      if (!file) throw new errors.NotFoundError('No file with this id');
      await deps.saleRules.setRule(file.id, forSale);
      deps.catalog.invalidate();
      return { fileId: file.id, forSale };
    },

    /**
     * Sets (both fields null: removes) the file's own price; 404 when unknown. The catalog
     * is invalidated here and, through its stamp, on the other instances.
     */
    async setPrice(fileId: string, price: ImagePriceRequest): Promise<ImagePriceAnswer> {
      const file = await findMediaFile(strapi, fileId);
      if (!file) throw new errors.NotFoundError('No file with this id');
      const saved = await deps.imagePrices.setPrice(file.id, price);
      deps.catalog.invalidate();
      return { fileId: file.id, ...saved };
    },

    /**
     * Applies one choice to several files, all or nothing: an unknown id changes
     * nothing and answers 404 with the unknown ids in `details.missing`.
     */
    async setSale(fileIds: readonly number[], forSale: boolean | null): Promise<BulkSaleAnswer> {
      const ids = [...new Set(fileIds)];
      const rows = (await files().findMany({
        where: { id: { $in: ids } },
        select: ['id', 'mime', 'width', 'height'],
      })) as FileRow[];
      const found = new Set(rows.map((row) => row.id));
      const missing = ids.filter((id) => !found.has(id));
      if (missing.length > 0) {
        throw new errors.NotFoundError(`No file with id ${missing.join(', ')}`, { missing });
      }
      await deps.saleRules.setRules(ids, forSale);
      deps.catalog.invalidate();
      const settings = await deps.settings.get({ fresh: true });
      const byId = new Map(rows.map((row) => [row.id, row]));
      const ordered = ids.flatMap((id) => byId.get(id) ?? []);
      const states = await saleStates(deps, settings, ordered, forSale);
      return {
        saleMode: settings.saleMode,
        results: ordered.map((row, index) => ({ id: row.id, ...states[index] })),
      };
    },
  };
}

export type MediaLibrary = ReturnType<typeof createMediaLibrary>;
