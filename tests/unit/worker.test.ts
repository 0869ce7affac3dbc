/**
 * fulfilment/worker: a claimed job's lease is renewed while its step runs (a long resize
 * or download must not let the lease run out and another instance start the same job),
 * and the renewals stop when the step ends.
 */
import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Pipeline } from '../../server/src/fulfilment/pipeline';
import type { Queue } from '../../server/src/fulfilment/queue';
import { createWorker } from '../../server/src/fulfilment/worker';
import type { Job } from '../../server/src/jobs/repository';
import type { SettingsService } from '../../server/src/settings/settings';

const LEASE_MS = 300;

function setup(stepMs: number, held = true) {
  const renewals: Array<{ jobId: string; owner: string; at: number }> = [];
  const warnings: string[] = [];
  let claimed = false;
  const queue = {
    async claimDue() {
      if (claimed) return [];
      claimed = true;
      return [{ jobId: 'job-1', status: 'pending' } as Job];
    },
    async renew(jobId: string, owner: string) {
      renewals.push({ jobId, owner, at: Date.now() });
      return held;
    },
    async nudge() {
      return false;
    },
  } as unknown as Queue;
  let finished = 0;
  const pipeline = {
    async process() {
      await sleep(stepMs);
      finished = Date.now();
    },
  } as unknown as Pipeline;
  const settings = { get: async () => ({ workerConcurrency: 1 }) } as unknown as SettingsService;
  const heartbeats: unknown[] = [];
  const strapi = {
    config: { get: () => ({ worker: { leaseMs: LEASE_MS, pollIntervalMs: 60_000 } }) },
    store: () => ({ set: async ({ value }: { value: unknown }) => void heartbeats.push(value) }),
    eventHub: new EventEmitter(),
    log: { error: () => undefined, warn: (m: string) => void warnings.push(m) },
  };
  const worker = createWorker(strapi as never, { queue, pipeline, settings });
  return { worker, renewals, warnings, heartbeats, finishedAt: () => finished };
}

describe('worker lease heartbeat', () => {
  it('renews the lease about every third of it while the step runs, and stops after', async () => {
    const { worker, renewals, finishedAt } = setup(1_000);
    worker.start();
    await sleep(1_400);
    await worker.stop();
    expect(renewals.length).toBeGreaterThanOrEqual(5);
    expect(renewals.every((r) => r.jobId === 'job-1' && r.owner === worker.owner)).toBe(true);
    // never after the step ended
    expect(renewals.every((r) => r.at <= finishedAt() + 5)).toBe(true);
    // consecutive renewals come well before the lease would run out
    const gaps = renewals.slice(1).map((r, i) => r.at - (renewals[i]?.at ?? 0));
    expect(Math.max(...gaps)).toBeLessThan(LEASE_MS);
  });

  it('warns when another instance holds the lease now', async () => {
    const { worker, warnings } = setup(400, false);
    worker.start();
    await sleep(600);
    await worker.stop();
    expect(warnings.some((w) => /lost the lease of job job-1/.test(w))).toBe(true);
  });
});

describe('worker poll heartbeat (README "Monitoring")', () => {
  it('records its last poll in memory and once (throttled) in the plugin store', async () => {
    const { worker, heartbeats } = setup(50);
    expect(worker.running).toBe(false);
    expect(worker.lastPollAt).toBeNull();
    const before = Date.now();
    worker.start();
    expect(worker.running).toBe(true);
    await sleep(200);
    await worker.stop();
    expect(worker.running).toBe(false);
    expect(worker.lastPollAt).toBeGreaterThanOrEqual(before);
    // several polls (the start and each finished job wake it), one write within 15 s
    expect(heartbeats).toHaveLength(1);
    const { at } = heartbeats[0] as { at: string };
    expect(new Date(at).getTime()).toBeGreaterThanOrEqual(before);
  });
});
