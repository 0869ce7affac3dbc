/**
 * The in-process queue of preview work (docs/architecture.md "Previews, cart and
 * purchases"): one task at a time per instance, a key asked for again while queued or
 * running is not queued twice, and a bounded length (beyond it a request is told to ask
 * again later). It never touches the fulfilment queue, so a checkout never waits for it.
 */
export interface WorkQueue {
  /** Queues `work` under `key` unless it is queued or running; false when the queue is full. */
  add(key: string, work: () => Promise<void>): boolean;
  has(key: string): boolean;
  readonly size: number;
  /** Resolves when nothing is queued or running (tests, shutdown). */
  idle(): Promise<void>;
  stop(): void;
}

export function createWorkQueue(options: {
  maxQueued: number;
  onError(key: string, error: unknown): void;
}): WorkQueue {
  const waiting: { key: string; work: () => Promise<void> }[] = [];
  const known = new Set<string>();
  let running = false;
  let stopped = false;
  let idleWaiters: (() => void)[] = [];

  async function pump(): Promise<void> {
    if (running) return;
    running = true;
    while (!stopped && waiting.length > 0) {
      const next = waiting.shift() as { key: string; work: () => Promise<void> };
      try {
        await next.work();
      } catch (error) {
        options.onError(next.key, error);
      } finally {
        known.delete(next.key);
      }
    }
    running = false;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  return {
    add(key, work) {
      if (known.has(key)) return true;
      if (stopped || waiting.length >= options.maxQueued) return false;
      known.add(key);
      waiting.push({ key, work });
      void pump();
      return true;
    },
    has: (key) => known.has(key),
    get size() {
      return known.size;
    },
    idle: () =>
      known.size === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve)),
    stop() {
      stopped = true;
      for (const { key } of waiting) known.delete(key);
      waiting.length = 0;
    },
  };
}
