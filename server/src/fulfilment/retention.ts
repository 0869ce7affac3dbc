/**
 * The retention housekeeping (docs/architecture.md "Retention and privacy"): once a day,
 * rows and personal fields older than their setting are deleted or cleared, table by table,
 * in bounded batches. Job rows are the accounting record and stay; only their e-mail and
 * visitor hash are cleared.
 */
import type { Core } from '@strapi/strapi';
import { DAY_MS } from '../../../shared/utc-days';
import { CLICK_UID } from '../analytics/clicks';
import { STRIPE_EVENT_UID } from '../commerce/stripe-events';
import { DOWNLOAD_UID } from '../delivery/downloads';
import { JOB_UID, MAIL_UID } from '../plugin-id';
import type { SettingsService } from '../settings/settings';
import { workerTimings } from './options';

/** Batches per table and run: with the default batch size, 10 000 rows a day; the rest waits a day. */
const MAX_BATCHES_PER_RUN = 100;

/** Jobs whose e-mail may go: finished ones (a job in progress still has mail to send). */
const FINISHED = ['completed', 'failed', 'abandoned'] as const;

type Uid =
  | typeof CLICK_UID
  | typeof DOWNLOAD_UID
  | typeof STRIPE_EVENT_UID
  | typeof JOB_UID
  | typeof MAIL_UID;

/** Outbox rows that are done with: no longer sent, only history. */
const SETTLED_MAILS = ['sent', 'failed', 'cancelled'] as const;

export interface RetentionCounts {
  clicks: number;
  downloads: number;
  mails: number;
  stripeEvents: number;
  emails: number;
  visitorHashes: number;
}

export function createRetention(strapi: Core.Strapi, settingsService: SettingsService) {
  /**
   * Applies `change` (delete, or update with `data`) to the rows matching `where`, one
   * batch of ids at a time, at most MAX_BATCHES_PER_RUN batches: how many rows changed.
   */
  async function inBatches(
    uid: Uid,
    where: Record<string, unknown>,
    data?: Record<string, unknown>,
  ): Promise<number> {
    const size = workerTimings(strapi).taskBatchSize;
    const query = () => strapi.db.query(uid);
    let total = 0;
    for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch += 1) {
      const rows = (await query().findMany({
        select: ['id'],
        where,
        limit: size,
        orderBy: { id: 'asc' },
      })) as Array<{ id: number }>;
      if (rows.length === 0) break;
      const byId = { id: { $in: rows.map((row) => row.id) } };
      const { count } = data
        ? await query().updateMany({ where: byId, data })
        : await query().deleteMany({ where: byId });
      total += count;
      if (rows.length < size) break;
    }
    return total;
  }

  const before = (days: number | null) => (days ? new Date(Date.now() - days * DAY_MS) : null);

  return {
    /** One run of every table's retention; logs and answers what it removed or cleared. */
    async apply(): Promise<RetentionCounts> {
      const settings = await settingsService.get();
      const counts: RetentionCounts = {
        clicks: 0,
        downloads: 0,
        mails: 0,
        stripeEvents: 0,
        emails: 0,
        visitorHashes: 0,
      };
      const clicks = before(settings.clickRetentionDays);
      if (clicks) counts.clicks = await inBatches(CLICK_UID, { createdAt: { $lt: clicks } });
      const downloads = before(settings.downloadLogRetentionDays);
      if (downloads) {
        counts.downloads = await inBatches(DOWNLOAD_UID, { createdAt: { $lt: downloads } });
        // The outbox's history of settled mails is part of the delivery log.
        counts.mails = await inBatches(MAIL_UID, {
          createdAt: { $lt: downloads },
          status: { $in: SETTLED_MAILS },
        });
      }
      const events = before(settings.stripeEventRetentionDays);
      if (events)
        counts.stripeEvents = await inBatches(STRIPE_EVENT_UID, { receivedAt: { $lt: events } });
      const emails = before(settings.emailRetentionDays);
      if (emails) {
        counts.emails = await inBatches(
          JOB_UID,
          { createdAt: { $lt: emails }, email: { $notNull: true }, status: { $in: FINISHED } },
          { email: null, emailPurgedAt: new Date() },
        );
      }
      const hashes = before(settings.visitorHashRetentionDays);
      if (hashes) {
        counts.visitorHashes = await inBatches(
          JOB_UID,
          { createdAt: { $lt: hashes }, ipHash: { $notNull: true } },
          { ipHash: null },
        );
      }
      const summary = Object.entries(counts)
        .map(([table, count]) => `${table} ${count}`)
        .join(', ');
      strapi.log.info(`[sell-my-images] retention applied: ${summary}`);
      return counts;
    },
  };
}

export type Retention = ReturnType<typeof createRetention>;
