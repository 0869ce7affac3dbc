/**
 * "My purchases" (docs/architecture.md "Previews, cart and purchases"): the lookup that
 * mails a signed link, the list that link opens, and a fresh download link per purchase.
 * A purchase is listed when it is paid, completed, not revoked (refund, dispute, fraud
 * warning) and paid less than `redownloadDays` ago, for the address asked about, matched
 * case-insensitively; an erased address matches nothing.
 */
import type { Core } from '@strapi/strapi';
import type {
  PurchaseLinkAnswer,
  PurchaseView,
  PurchasesAnswer,
} from '../../../shared/contracts/purchases';
import { formatMoney } from '../../../shared/currency';
import { emailLocale } from '../../../shared/email-rendering';
import type { Job, JobsService } from '../jobs/repository';
import { DELIVERABLE } from '../jobs/states';
import { absoluteFileUrl, findFiles, thumbnailUrlOf } from '../media/files';
import { JOB_UID } from '../plugin-id';
import type { SettingsService } from '../settings/settings';
import { publicUrl } from '../settings/urls';
import { UNUSED_LINK } from './download-ledger';
import { downloadToken, downloadUrl, hashToken } from './download-tokens';
import type { FileStorage } from './file-storage';
import { purchasesMail, sendPurchasesMail } from './purchases-mail';
import {
  grantFor,
  openGrant,
  purchasesPageUrl,
  sealGrant,
  type PurchasesGrant,
} from './purchases-token';
import { siteNameOf } from './rights-metadata';

const DAY_MS = 86_400_000;
/** The most purchases one page lists (newest first). */
export const MAX_LISTED = 100;

/** Why a purchases request is refused: each is one page (or one error) for the buyer. */
export class PurchasesRefusal extends Error {
  constructor(
    readonly reason: 'invalid' | 'expired' | 'gone',
    readonly language: 'en' | 'fr' = 'en',
  ) {
    super(reason);
  }
}

interface Deps {
  jobs: JobsService;
  settings: SettingsService;
  storage: FileStorage;
}

/** `j•••@example.com`: the first character of the local part, then the domain. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '•••';
  return `${email.slice(0, 1)}•••${email.slice(at)}`;
}

export function createPurchases(strapi: Core.Strapi, { jobs, settings, storage }: Deps) {
  /** The listed jobs of `email`: one query, the same whether the address bought or not. */
  async function listed(email: string, now = Date.now()): Promise<Job[]> {
    const days = (await settings.get()).redownloadDays;
    if (!email || days <= 0) return [];
    return (await strapi.db.query(JOB_UID).findMany({
      where: {
        email: { $eqi: email },
        status: 'completed',
        paidAt: { $notNull: true, $gte: new Date(now - days * DAY_MS) },
        ...DELIVERABLE,
      },
      orderBy: [{ paidAt: 'desc' }, { id: 'desc' }],
      limit: MAX_LISTED,
    })) as Job[];
  }

  function open(token: string | undefined): PurchasesGrant {
    const opened = openGrant(strapi, token ?? '');
    if (!opened.ok)
      throw new PurchasesRefusal(
        opened.reason,
        opened.reason === 'expired' ? opened.language : 'en',
      );
    return opened.grant;
  }

  async function views(list: Job[], language: 'en' | 'fr'): Promise<PurchaseView[]> {
    const current = await settings.get();
    const site = publicUrl(strapi);
    const ids = list.map((job) => job.fileId).filter((id): id is number => typeof id === 'number');
    const files = new Map((await findFiles(strapi, { ids })).map((file) => [file.id, file]));
    return list.map((job) => {
      const file = job.fileId === null ? undefined : files.get(job.fileId);
      const paidAt = new Date(job.paidAt ?? job.createdAt);
      const amount = job.amountTotal ?? job.amount ?? 0;
      const currency = job.currency ?? 'usd';
      return {
        jobId: job.jobId,
        title: job.fileName ?? file?.name ?? job.jobId,
        thumbnailUrl: file ? absoluteFileUrl({ url: thumbnailUrlOf(file) }, site) : null,
        resolution: job.resolution,
        width: job.outputWidth,
        height: job.outputHeight,
        licenceName: job.licenceName,
        paidAt: paidAt.toISOString(),
        amount,
        currency,
        formatted: formatMoney(amount, currency, emailLocale(language)),
        redownloadUntil: new Date(paidAt.getTime() + current.redownloadDays * DAY_MS).toISOString(),
      };
    });
  }

  return {
    /**
     * `POST /purchases/lookup`: the same query whatever the address; when it bought, the
     * e-mail is sealed and sent off the request path, so the answer does not wait for it.
     */
    async lookup(email: string, locale: string | undefined): Promise<void> {
      const found = await listed(email);
      if (!found.length) return;
      const grant = grantFor(email, locale);
      void (async () => {
        const current = await settings.get();
        const url = purchasesPageUrl(strapi, sealGrant(strapi, grant));
        const content = purchasesMail(grant.language, siteNameOf(strapi, current), url);
        await sendPurchasesMail(strapi, current, grant.email, content);
      })().catch((error: unknown) =>
        strapi.log.error(
          `[sell-my-images] purchases e-mail not sent: ${error instanceof Error ? error.name : 'error'}`,
        ),
      );
    },

    /** The list a token opens, with the page's language (throws `PurchasesRefusal`). */
    async list(
      token: string | undefined,
    ): Promise<{ answer: PurchasesAnswer; language: 'en' | 'fr'; site: string; rows: Job[] }> {
      const grant = open(token);
      const found = await listed(grant.email);
      const answer: PurchasesAnswer = {
        email: maskEmail(grant.email),
        expiresAt: grant.expiresAt.toISOString(),
        purchases: await views(found, grant.language),
      };
      const site = siteNameOf(strapi, await settings.get());
      return { answer, language: grant.language, site, rows: found };
    },

    /**
     * A new download link for one listed purchase of the token's address (the old link
     * stops working), with a fresh expiry and download allowance; `gone` when the stored
     * file was removed (retention) or its delivery changed meanwhile.
     */
    async freshLink(token: string | undefined, jobId: string): Promise<PurchaseLinkAnswer> {
      const grant = open(token);
      const job = (await listed(grant.email)).find((candidate) => candidate.jobId === jobId);
      if (!job) throw new PurchasesRefusal('invalid', grant.language);
      const gone = () => new PurchasesRefusal('gone', grant.language);
      if (!job.storedFileKey || job.fileExpiredAt) throw gone();
      if (!(await storage.info(job.storedFileKey))) throw gone();
      const current = await settings.get();
      const expiresAt = new Date(Date.now() + current.downloadExpiryHours * 3_600_000);
      const moved = await jobs.transition(job, 'completed', {
        reason: 'new download link (My purchases)',
        actor: 'buyer',
        data: {
          downloadTokenHash: hashToken(downloadToken(strapi, job.jobId, expiresAt)),
          downloadExpiresAt: expiresAt,
          ...UNUSED_LINK,
          reminderSentAt: null,
        },
      });
      if (!moved) throw gone();
      return {
        downloadUrl: downloadUrl(strapi, { jobId: job.jobId, downloadTokenHash: null }, expiresAt),
        expiresAt: expiresAt.toISOString(),
      };
    },
  };
}

export type Purchases = ReturnType<typeof createPurchases>;
