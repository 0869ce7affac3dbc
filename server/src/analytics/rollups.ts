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
import { DAY_MS, dayStart } from '../../../shared/utc-days';
import { JOB_EVENTS } from '../jobs/events';
import { PLUGIN_ID } from '../plugin-id';
import { daysToBuild } from './coverage';
import type { AnalyticsQueries } from './queries';
import { summaryRows } from './rollup-rows';
import { isoTimestamp, num, utcDay } from './sql';

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
    const wanted = [...new Set(list)].filter((day) => day !== CURSOR);
    for (let i = 0; i < wanted.length; i += 500) {
      await knex(days)
        .whereIn('day', wanted.slice(i, i + 500))
        .update({ version: knex.raw('version + 1') });
    }
  }

  /** Rebuilds one day from its raw rows; answers whether it is current afterwards. */
  async function buildDay(day: string): Promise<boolean> {
    await ensureDay(day);
    const [state] = await knex(days).select('version').where({ day });
    const version = num(state?.version);
    const start = new Date(dayStart(day));
    const rows = await summaryRows(q, day, start, new Date(start.getTime() + DAY_MS));
    const now = new Date();
    return knex.transaction(async (trx) => {
      // The day's row locked first: two builders of one day take turns (no duplicate rows).
      await trx(days)
        .where({ day })
        .update({ built_at: trx.raw('built_at') });
      await trx(summaries).where({ day }).delete();
      for (let i = 0; i < rows.length; i += INSERT_BATCH) {
        await trx(summaries).insert(
          rows.slice(i, i + INSERT_BATCH).map((row) => ({ ...stamp(now), ...row })),
        );
      }
      const updated = await trx(days)
        .where({ day, version })
        .update({ built_version: version, built_at: now });
      return updated === 1;
    });
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

    /** The days in [from, to) whose summaries are current (none while rollups are off). */
    async currentDays(from: string, to: string): Promise<Set<string>> {
      if (!enabled) return new Set();
      const found = await knex(days)
        .select('day')
        .where('day', '>=', from)
        .where('day', '<', to)
        .whereRaw('built_version = version');
      return new Set(found.map((row: { day: unknown }) => String(row.day)));
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
     * within a bounded number of days and time. Answers how many days it built.
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
      const todo = daysToBuild(
        await firstRawInstant(),
        now,
        new Set(current.map((row: { day: unknown }) => String(row.day))),
        DAYS_PER_PASS,
      );
      let built = 0;
      for (const day of todo) {
        if (Date.now() - started.getTime() > PASS_BUDGET_MS) break;
        await buildDay(day);
        built += 1;
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
