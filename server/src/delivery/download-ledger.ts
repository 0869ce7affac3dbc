/**
 * The count of a link's downloads (docs/architecture.md "Downloads"), kept in the job row
 * and changed only by single conditional UPDATEs, so that parallel requests and several
 * instances cannot pass the owner's maximum:
 * - a full transfer reserves one download before its first byte (`download_count < max`,
 *   then +1) and keeps it when every byte went out; one that breaks off gives it back, and
 *   the bytes it did send count as a partial transfer;
 * - a partial transfer (a Range, or what a broken-off full one sent) is charged in
 *   `download_partial_bytes`, at most `max × size` bytes; the byte intervals served are
 *   merged in `download_coverage`, and once they cover the whole file they count as one
 *   download (the count +1, the partial bytes −size). So a download resumed over several
 *   ranges counts once, and ranges that never reach the end never count but cannot serve
 *   more than the bytes of `max` downloads either. A range that extends the coverage is
 *   charged only its new bytes (a resume repeats what the broken-off transfer had read but
 *   not delivered); one that adds nothing is charged in full.
 * Every write names the link's token hash: a new link (new hash, counters reset) is never
 * touched by a transfer of the old one.
 */
import type { Core } from '@strapi/strapi';
import { JOB_UID } from '../plugin-id';

/** The bytes one request sends: `full` without a Range (status 200), else one range (206). */
export interface Transfer {
  start: number;
  end: number;
  full: boolean;
}

/** What a reservation charged: the download itself (full) or these partial bytes. */
export interface Reservation extends Transfer {
  charged: number;
}

/** Which link and file a transfer belongs to. */
export interface LedgerKey {
  jobId: string;
  tokenHash: string;
  size: number;
}

/** Counters of a link that was never used (a new link starts from these). */
export const UNUSED_LINK = {
  downloadCount: 0,
  downloadPartialBytes: 0,
  downloadCoverage: null,
} as const;

type Interval = [number, number];

/** More fragments than this are not tracked (they can then never add up to a download). */
const MAX_INTERVALS = 32;
const MERGE_ATTEMPTS = 20;

export function parseCoverage(text: string | null | undefined): Interval[] {
  if (!text) return [];
  return text.split(',').flatMap((part) => {
    const match = /^(\d+)-(\d+)$/.exec(part);
    return match ? [[Number(match[1]), Number(match[2])] as Interval] : [];
  });
}

/** The sorted union of `intervals` and `added` (adjacent intervals joined). */
export function mergeInterval(intervals: Interval[], added: Interval): Interval[] {
  const all = [...intervals, added].sort((a, b) => a[0] - b[0]);
  const merged: Interval[] = [];
  for (const [start, end] of all) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1] + 1) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/** The bytes a range is charged: its new bytes when it extends `coverage`, else all of them. */
export function rangeCharge(coverage: Interval[], [start, end]: Interval): number {
  const length = end - start + 1;
  const covered = coverage.reduce(
    (sum, [a, b]) => sum + Math.max(0, Math.min(b, end) - Math.max(a, start) + 1),
    0,
  );
  return covered < length ? length - covered : length;
}

const serialise = (intervals: Interval[]) => intervals.map(([a, b]) => `${a}-${b}`).join(',');

export function createDownloadLedger(strapi: Core.Strapi) {
  const knex = () => strapi.db.connection;
  const table = () => strapi.db.metadata.get(JOB_UID).tableName;
  const link = ({ jobId, tokenHash }: LedgerKey) =>
    knex()(table()).where({ job_id: jobId, download_token_hash: tokenHash });
  const touched = () => ({ updated_at: new Date() });
  /** `column - amount`, never below zero (SQLite, PostgreSQL and MySQL alike). */
  const decreased = (column: string, amount: number) =>
    knex().raw(`CASE WHEN ${column} > ? THEN ${column} - ? ELSE 0 END`, [amount, amount]);
  const increased = (column: string, amount: number) =>
    knex().raw(`COALESCE(${column}, 0) + ?`, [amount]);
  const coverageOf = async (key: LedgerKey): Promise<string | null | undefined> =>
    (
      (await link(key).first('download_coverage')) as
        { download_coverage: string | null } | undefined
    )?.download_coverage;

  /** Adds the bytes `[start, end]` to the link's coverage; a covered file counts once. */
  async function cover(key: LedgerKey, added: Interval): Promise<boolean> {
    for (let attempt = 0; attempt < MERGE_ATTEMPTS; attempt++) {
      const before = await coverageOf(key);
      if (before === undefined) return false;
      const merged = mergeInterval(parseCoverage(before), added);
      if (merged.length > MAX_INTERVALS) return false;
      const complete = merged.length === 1 && merged[0][0] === 0 && merged[0][1] >= key.size - 1;
      const data = complete
        ? {
            download_coverage: null,
            download_count: increased('download_count', 1),
            download_partial_bytes: decreased('download_partial_bytes', key.size),
            last_download_at: new Date(),
          }
        : { download_coverage: serialise(merged) };
      const query = link(key);
      if (before === null) query.whereNull('download_coverage');
      else query.where('download_coverage', before);
      if ((await query.update({ ...data, ...touched() })) > 0) return complete;
    }
    strapi.log.warn(`[sell-my-images] download coverage of job ${key.jobId} not updated`);
    return false;
  }

  return {
    /**
     * Reserves what `transfer` is about to send; null when the link has no download (or,
     * for a range, not enough bytes) left under `maxDownloads` (null: unlimited).
     */
    async reserve(
      key: LedgerKey,
      transfer: Transfer,
      maxDownloads: number | null,
    ): Promise<Reservation | null> {
      const query = link(key);
      if (maxDownloads !== null) query.andWhere('download_count', '<', maxDownloads);
      if (transfer.full) {
        const reserved = await query.update({
          download_count: increased('download_count', 1),
          ...touched(),
        });
        return reserved > 0 ? { ...transfer, charged: 0 } : null;
      }
      const coverage = parseCoverage(await coverageOf(key));
      const charged = rangeCharge(coverage, [transfer.start, transfer.end]);
      if (maxDownloads !== null) {
        query.andWhereRaw('COALESCE(download_partial_bytes, 0) + ? <= ?', [
          charged,
          maxDownloads * key.size,
        ]);
      }
      const reserved = await query.update({
        download_partial_bytes: increased('download_partial_bytes', charged),
        ...touched(),
      });
      return reserved > 0 ? { ...transfer, charged } : null;
    },

    /**
     * Settles a transfer that ended after `sent` bytes (`finished`: all of them went out):
     * returns whether it completed a download (a full transfer, or the range that
     * completed the coverage).
     */
    async settle(key: LedgerKey, reservation: Reservation, sent: number, finished: boolean) {
      const length = reservation.end - reservation.start + 1;
      const delivered = finished ? length : Math.min(sent, length);
      if (reservation.full && finished) {
        await link(key).update({ last_download_at: new Date(), ...touched() });
        return true;
      }
      if (reservation.full) {
        // The download is given back; what was sent counts as a partial transfer.
        await link(key).update({
          download_count: decreased('download_count', 1),
          download_partial_bytes: increased('download_partial_bytes', delivered),
          ...touched(),
        });
      } else if (delivered < reservation.charged) {
        await link(key).update({
          download_partial_bytes: decreased(
            'download_partial_bytes',
            reservation.charged - delivered,
          ),
          ...touched(),
        });
      }
      if (delivered === 0) return false;
      return cover(key, [reservation.start, reservation.start + delivered - 1]);
    },
  };
}

export type DownloadLedger = ReturnType<typeof createDownloadLedger>;
