/**
 * One local-ai upscale in a process of its own (started by bench/local-ai.ts for each
 * case), so its peak RSS is that of a process that ran just this job: Node, the
 * coordinating worker, the job's inference threads and the encoding, nothing left over
 * from the cases before it. Reads its case from SMI_BENCH_JOB (JSON), prints one JSON line.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { UpscaleTask } from '../server/src/upscalers/local-ai/protocol';
import { createLocalAiRunner } from '../server/src/upscalers/local-ai/runner';

interface JobCase {
  script: string;
  task: UpscaleTask;
}

async function main() {
  const { script, task } = JSON.parse(process.env.SMI_BENCH_JOB ?? '') as JobCase;
  const runner = createLocalAiRunner({ script: { path: script } });
  const id = path.basename(task.outputPath);
  const baseRss = process.memoryUsage.rss();
  let peakRss = baseRss;
  const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
  const started = Date.now();
  try {
    runner.start(id, id.split('.')[0] as string, task);
    while (runner.isActive(id)) await sleep(50);
    const run = runner.get(id);
    if (run?.state !== 'succeeded') throw new Error(run?.error?.message ?? 'failed');
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    console.log(
      JSON.stringify({
        seconds: (Date.now() - started) / 1000,
        outcome: run.outcome,
        baseRss,
        peakRss,
      }),
    );
  } finally {
    clearInterval(timer);
    await runner.stop();
    await rm(task.outputPath, { force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
