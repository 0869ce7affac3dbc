/**
 * A cart order after Stripe (docs/architecture.md "Previews, cart and purchases"): its status
 * (`GET /orders/:orderId?session=`, each line answered by the job status of
 * `GET /jobs/:jobId`) and what its ZIP holds (`GET /orders/:orderId/zip?token=`): every
 * delivered, not revoked line whose link still works and has a download left.
 */
import type { Core } from '@strapi/strapi';
import type { OrderStatusAnswer } from '../../../shared/contracts/cart';
import { sameSecret } from '../settings/secret-box';
import { errors, httpError } from '../utils/errors';
import type { Download, DownloadsService } from './downloads';
import { linkToken } from './download-tokens';
import type { Reservation } from './download-ledger';
import { deliveredUntil, orderLinesOf, orderZipExpiry } from './order-mail';
import { orderZipUrl, readOrderZipToken } from './order-links';
import { uniqueEntryNames, type OrderZipEntry } from './order-zip';

/** A line put in the ZIP with the download it reserved. */
export interface ReservedEntry extends OrderZipEntry {
  reservation: Reservation;
}

const notFound = () => new errors.NotFoundError('No order with this id');

export function createOrders(strapi: Core.Strapi, { downloads }: { downloads: DownloadsService }) {
  /** The ZIP's entries: the lines whose link opens (not revoked, expired or used up). */
  async function entries(orderId: string, token: string): Promise<OrderZipEntry[]> {
    const read = readOrderZipToken(strapi, orderId, token);
    if (read === 'invalid') throw notFound();
    if (read === 'expired') throw httpError(410, 'This download link has expired');
    const found: Array<{ download: Download; mtime: Date }> = [];
    for (const line of await orderLinesOf(strapi, orderId)) {
      const expiresAt = deliveredUntil(line);
      if (!expiresAt) continue;
      // The line's own link decides, as `GET /downloads/:token` would (410: left out).
      const download = await downloads.open(linkToken(strapi, line, expiresAt)).catch(() => null);
      if (download) found.push({ download, mtime: new Date(line.completedAt ?? Date.now()) });
    }
    const names = uniqueEntryNames(found.map(({ download }) => download.fileName));
    return found.map((entry, index) => ({ ...entry, name: names[index] as string }));
  }

  return {
    async status(orderId: string, session: string): Promise<OrderStatusAnswer> {
      const lines = await orderLinesOf(strapi, orderId);
      // One answer for every refusal: no order, no session, another session.
      const holds =
        lines.length > 0 &&
        session !== '' &&
        lines.every(
          (line) =>
            line.stripeCheckoutSessionId !== null &&
            sameSecret(session, line.stripeCheckoutSessionId),
        );
      if (!holds) throw notFound();
      const answers = await Promise.all(lines.map((line) => downloads.status(line.jobId, session)));
      const answer: OrderStatusAnswer = { orderId, lines: answers };
      const expiresAt = orderZipExpiry(
        answers.map((line) =>
          line.downloadUrl && line.expiresAt ? new Date(line.expiresAt) : null,
        ),
      );
      const zipUrl = expiresAt ? orderZipUrl(strapi, orderId, expiresAt) : null;
      if (expiresAt && zipUrl) {
        answer.zipUrl = zipUrl;
        answer.expiresAt = expiresAt.toISOString();
      }
      return answer;
    },

    /** What a HEAD of the ZIP describes (nothing reserved); 410 when no line is left. */
    async describe(orderId: string, token: string): Promise<OrderZipEntry[]> {
      const found = await entries(orderId, token);
      if (!found.length) throw httpError(410, 'Nothing is left to download in this order');
      return found;
    },

    /**
     * The ZIP's lines, each with one download reserved (a line with none left is left out);
     * 410 when none is left.
     */
    async reserve(orderId: string, token: string): Promise<ReservedEntry[]> {
      const reserved: ReservedEntry[] = [];
      for (const entry of await entries(orderId, token)) {
        const { size } = entry.download;
        const reservation = await downloads
          .reserve(entry.download, { start: 0, end: size - 1, full: true })
          .catch(() => null);
        if (reservation) reserved.push({ ...entry, reservation });
      }
      if (!reserved.length) throw httpError(410, 'Nothing is left to download in this order');
      return reserved;
    },
  };
}

export type OrdersService = ReturnType<typeof createOrders>;
