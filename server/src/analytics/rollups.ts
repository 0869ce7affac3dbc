/**
 * The daily summaries (docs/architecture.md "Analytics rollups"): built by the cron task
 * `build-rollups` from the raw jobs and clicks, one UTC day at a time, and read by the reports
 * for the whole days they cover. A day's summaries are current while its `rollup-day` row has
 * builtVersion = version: a change to one of its jobs bumps version (job events, and the
 * task's scan of the rows changed since its last pass), so that day is read raw until the
 * next pass rebuilds it. Only the task builds (its lease: one instance at a time).
 */
import { randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { DAY_MS, dayStart, isoDay } from '../../../shared/utc-days';
import { JOB_EVENTS } from '../jobs/events';
import { PLUGIN_ID } from '../plugin-id';
import { daysToBuild, monthDays, monthsToBuild } from './coverage';
import type { AnalyticsQueries } from './queries';
import { SUMMED, summaryRows } from './rollup-rows';
import { isoTimestamp, num, PAID_LIST, utcDay } from './sql';

export const SUMMARY_UID = `plugin::${PLUGIN_ID}.daily-summary` as const;
export const ROLLUP_DAY_UID = `plugin::${PLUGIN_ID}.rollup-day` as const;

/** The `rollup-day` row keeping the pass's cursor (not a day). */
const CURSOR = 'cursor';
/** Days one pass builds at most, and for how long: a year of history fills in a few passes. */
const DAYS_PER_PASS = 120;
const PASS_BUDGET_MS = 20_000;
/** Rows changed this long before the last pass started are looked at again (clock skew, slow commits). */
const OVERLAP_MS = 2 * 60_000;
/** Rows per INSERT (SQLite's bound on bindings stays far). */
const INSERT_BATCH = 50;

const documentId = () => randomBytes(12).toString('hex');

export function createRollups(strapi: Core.Strapi, q: AnalyticsQueries) {
  const { knex } = q;
  const summaries = strapi.db.metadata.get(SUMMARY_UID).tableName;
  const days = strapi.db.metadata.get(ROLLUP_DAY_UID).tableName;
  let enabled = true;

  const stamp = (now: Date) => ({
    document_id: documentId(),
    created_at: now,
    updated_at: now,
    published_at: now,
  });

  /** Makes the `rollup-day` row of `day` exist (never built: version 0, builtVersion NULL). */
  async function ensureDay(day: string): Promise<void> {
    await knex(days)
      .insert({ ...stamp(new Date()), day, version: 0 })
      .onConflict('day')
      .ignore();
  }

  /** The summaries of `day` are no longer current: it is read raw until rebuilt. */
  async function mark(list: string[]): Promise<void> {
    // a day's month too: its monthly rankings rows include that day
    const keys = list.flatMap((day) => [day, day.slice(0, 7)]);
    const wanted = [...new Set(keys)].filter((day) => day !== CURSOR);
    for (let i = 0; i < wanted.length; i += 500) {
      await knex(days)
        .whereIn('day', wanted.slice(i, i + 500))
        .update({ version: knex.raw('version + 1') });
    }
  }

  /** The version of `key` (a day, or a month `YYYY-MM`) before its raw rows are read. */
  async function versionOf(key: string): Promise<number> {
    await ensureDay(key);
    const [state] = await knex(days).select('version').where({ day: key });
    return num(state?.version);
  }

  /** Replaces the summaries of `key`; current afterwards unless it changed since `version`. */
  async function write(key: string, version: number, rows: Record<string, unknown>[]) {
    const now = new Date();
    return knex.transaction(async (trx) => {
      // The key's row locked first: two builders of one key take turns (no duplicate rows).
      await trx(days)
        .where({ day: key })
        .update({ built_at: trx.raw('built_at') });
      await trx(summaries).where({ day: key }).delete();
      for (let i = 0; i < rows.length; i += INSERT_BATCH) {
        await trx(summaries).insert(
          rows.slice(i, i + INSERT_BATCH).map((row) => ({ ...stamp(now), ...row })),
        );
      }
      const updated = await trx(days)
        .where({ day: key, version })
        .update({ built_version: version, built_at: now });
      return updated === 1;
    });
  }

  /** Rebuilds one day from its raw rows. */
  async function buildDay(day: string, currencies: string[]): Promise<boolean> {
    const version = await versionOf(day);
    const start = new Date(dayStart(day));
    const end = new Date(start.getTime() + DAY_MS);
    return write(day, version, await summaryRows(q, day, start, end, currencies));
  }

  /**
   * Rebuilds the monthly rankings rows of `month` (grains `mfile`, `mpage`) from its daily
   * summaries, once every day of it since `first` is current (else it waits for them).
   */
  async function buildMonth(month: string, first: number): Promise<boolean> {
    const version = await versionOf(month);
    const { from, to } = monthDays(month);
    const since = isoDay(Math.max(dayStart(from), first));
    const expected = Math.round((dayStart(to) - dayStart(since)) / DAY_MS);
    const [ready] = await q.rows(
      `SELECT COUNT(*) AS n FROM ${days} WHERE day >= ? AND day < ? AND built_version = version`,
      [since, to],
    );
    if (num(ready?.n) < expected) return false;
    const summed = await q.rows(
      `SELECT grain, currency, file_id, source_page, ${SUMMED.map((c) => `SUM(${c}) AS ${c}`).join(', ')}
       FROM ${summaries} WHERE grain IN ('file', 'page') AND day >= ? AND day < ?
       GROUP BY grain, currency, file_id, source_page`,
      [from, to],
    );
    const rows = summed.map((row) => ({
      ...Object.fromEntries(SUMMED.map((c) => [c, num(row[c])])),
      grain: row.grain === 'file' ? 'mfile' : 'mpage',
      day: month,
      currency: row.currency ?? null,
      file_id: row.file_id === null || row.file_id === undefined ? null : num(row.file_id),
      source_page: row.source_page ?? null,
    }));
    return write(month, version, rows);
  }

  /** Days with raw rows changed since the last pass (jobs by updatedAt, clicks by id). */
  async function changedDays(cursor: { since: Date; lastClickId: number }) {
    const [jobs, clicks, [top]] = await Promise.all([
      q.rows(
        `SELECT DISTINCT ${utcDay(q.dialect, 'paid_at')} AS day FROM ${q.jobs} WHERE paid_at IS NOT NULL AND updated_at >= ?`,
        [new Date(cursor.since.getTime() - OVERLAP_MS)],
      ),
      q.rows(
        `SELECT DISTINCT ${utcDay(q.dialect, 'created_at')} AS day FROM ${q.clicks} WHERE id > ?`,
        [cursor.lastClickId],
      ),
      q.rows(`SELECT MAX(id) AS id FROM ${q.clicks}`, []),
    ]);
    return { days: [...jobs, ...clicks].map((row) => String(row.day)), lastClickId: num(top?.id) };
  }

  /** The first instant any raw row is dated (a job by its creation or its payment). */
  async function firstRawInstant(): Promise<number | null> {
    const [[jobs], [clicks]] = await Promise.all([
      q.rows(`SELECT MIN(created_at) AS created, MIN(paid_at) AS paid FROM ${q.jobs}`, []),
      q.rows(`SELECT MIN(created_at) AS created FROM ${q.clicks}`, []),
    ]);
    const found = [jobs?.created, jobs?.paid, clicks?.created]
      .map((value) => isoTimestamp(value))
      .filter((iso): iso is string => iso !== null)
      .map((iso) => Date.parse(iso));
    return found.length > 0 ? Math.min(...found) : null;
  }

  return {
    /** Off: every report reads the raw rows (what the tests and the bench compare with). */
    setEnabled(value: boolean) {
      enabled = value;
    },

    /** The days and months in [from, to) whose summaries are current (none while off). */
    async current(from: string, to: string): Promise<{ days: Set<string>; months: Set<string> }> {
      const found: Array<{ day: unknown }> = enabled
        ? await knex(days)
            .select('day')
            .where('day', '>=', from.slice(0, 7))
            .where('day', '<', to)
            .whereRaw('built_version = version')
        : [];
      const keys = found.map((row) => String(row.day));
      return {
        days: new Set(keys.filter((key) => key.length === 10)),
        months: new Set(keys.filter((key) => key.length === 7)),
      };
    },

    mark,

    /** A job changed: the day it was paid is read raw until rebuilt. */
    async markJob(jobId: string): Promise<void> {
      const [row] = await q.rows(
        `SELECT ${utcDay(q.dialect, 'paid_at')} AS day FROM ${q.jobs} WHERE job_id = ? AND paid_at IS NOT NULL`,
        [jobId],
      );
      if (row?.day) await mark([String(row.day)]);
    },

    /**
     * One pass of the task: marks the days whose raw rows changed since the last pass,
     * then builds the days that are not current (a first pass: all history), newest first,
     * within a bounded number of days and time, then the monthly rankings rows of the past
     * months whose days are all current. Answers how many days and months it built.
     */
    async pass(now = Date.now()): Promise<number> {
      const started = new Date(now);
      await ensureDay(CURSOR);
      const [cursor] = await knex(days).select('built_at', 'last_click_id').where({ day: CURSOR });
      const since = isoTimestamp(cursor?.built_at);
      let lastClickId = num(cursor?.last_click_id);
      if (since) {
        const changed = await changedDays({ since: new Date(since), lastClickId });
        await mark(changed.days);
        lastClickId = changed.lastClickId;
      } else {
        lastClickId = num((await q.rows(`SELECT MAX(id) AS id FROM ${q.clicks}`, []))[0]?.id);
      }
      await knex(days)
        .where({ day: CURSOR })
        .update({ built_at: started, last_click_id: lastClickId });

      const current = await knex(days).select('day').whereRaw('built_version = version');
      const first = await firstRawInstant();
      const currentKeys = new Set(current.map((row: { day: unknown }) => String(row.day)));
      const todo = daysToBuild(first, now, currentKeys, DAYS_PER_PASS);
      const found = await q.rows(
        `SELECT DISTINCT currency FROM ${q.jobs} WHERE payment_status IN (${PAID_LIST}) AND currency IS NOT NULL`,
        [],
      );
      const currencies = found.map((row) => String(row.currency));
      let built = 0;
      for (const day of todo) {
        if (Date.now() - started.getTime() > PASS_BUDGET_MS) break;
        await buildDay(day, currencies);
        built += 1;
      }
      for (const month of monthsToBuild(first, now, currentKeys)) {
        if (Date.now() - started.getTime() > PASS_BUDGET_MS) break;
        if (await buildMonth(month, first ?? now)) built += 1;
      }
      return built;
    },

    /** Keeps the summaries in step with the job events of this instance. */
    subscribe(): void {
      for (const event of Object.values(JOB_EVENTS)) {
        strapi.eventHub.on(event, async (payload: unknown) => {
          const jobId = (payload as { job?: { jobId?: unknown } })?.job?.jobId;
          if (typeof jobId !== 'string') return;
          try {
            await this.markJob(jobId);
          } catch (error) {
            strapi.log.warn(
              `[sell-my-images] analytics rollups: day not marked: ${(error as Error).message}`,
            );
          }
        });
      }
    },
  };
}

export type Rollups = ReturnType<typeof createRollups>;
