/**
 * Housekeeping on Strapi's cron (docs/architecture.md "Queue and leases"): every task
 * first takes its lease row with one conditional UPDATE, so when several instances fire
 * the same cron tick only one does the work.
 */
import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../plugin-id';
import type { AnalyticsService } from '../analytics/analytics';
import { createTasks, type TaskDeps, type TaskName as FulfilmentTask } from './tasks';

/** The fulfilment tasks, and the analytics summaries' (docs/architecture.md "Analytics rollups"). */
export type TaskName = FulfilmentTask | 'build-rollups';

const LEASE_UID = `plugin::${PLUGIN_ID}.task-lease` as const;

/** Each task's period (also its cron rule); a task runs once per period across all instances. */
const TASKS: Record<TaskName, { rule: string; periodMs: number }> = {
  'abandon-unpaid': { rule: '0 */5 * * * *', periodMs: 5 * 60_000 },
  'retry-refunds': { rule: '30 */5 * * * *', periodMs: 5 * 60_000 },
  'expiry-reminders': { rule: '0 */15 * * * *', periodMs: 15 * 60_000 },
  'delete-expired-files': { rule: '0 7 * * * *', periodMs: 60 * 60_000 },
  'apply-retention': { rule: '0 17 3 * * *', periodMs: 24 * 60 * 60_000 },
  'send-mails': { rule: '45 * * * * *', periodMs: 60_000 },
  'build-rollups': { rule: '15 * * * * *', periodMs: 60_000 },
};

export function createMaintenance(strapi: Core.Strapi, deps: TaskDeps & { owner: string }) {
  const leases = () => strapi.db.query(LEASE_UID);

  async function takeLease(task: TaskName, periodMs: number): Promise<boolean> {
    const now = new Date();
    try {
      await leases().createMany({ data: [{ task, runs: 0 }] });
    } catch {
      // the row exists already
    }
    const current = (await leases().findOne({ where: { task } })) as { runs?: number } | null;
    const { count } = await leases().updateMany({
      where: { task, $or: [{ expiresAt: { $null: true } }, { expiresAt: { $lte: now } }] },
      // A little under the period, so the next tick of any instance can take it again.
      data: {
        owner: deps.owner,
        expiresAt: new Date(now.getTime() + periodMs * 0.9),
        lastRunAt: now,
        runs: Number(current?.runs ?? 0) + 1,
      },
    });
    return count === 1;
  }

  const analytics = () => strapi.plugin(PLUGIN_ID).service('analytics') as AnalyticsService;
  const tasks = { ...createTasks(strapi, deps), 'build-rollups': () => analytics().rollups.pass() };

  return {
    /** Runs one task if this instance wins its lease for the period; answers how many items it handled, or null. */
    async run(task: TaskName, { force = false } = {}): Promise<number | null> {
      if (!force && !(await takeLease(task, TASKS[task].periodMs))) return null;
      try {
        return await tasks[task]();
      } catch (error) {
        strapi.log.error(`[sell-my-images] task ${task} failed: ${(error as Error).message}`);
        return null;
      }
    },

    /** Registers every task with Strapi's cron. */
    schedule(): void {
      const jobsConfig = Object.fromEntries(
        (Object.keys(TASKS) as TaskName[]).map((task) => [
          `sell-my-images:${task}`,
          { task: () => this.run(task), options: { rule: TASKS[task].rule } },
        ]),
      );
      strapi.cron.add(jobsConfig);
    },
  };
}

export type Maintenance = ReturnType<typeof createMaintenance>;
