/** Thrown into pending delays when the fake shuts down. */
export class SchedulerClosedError extends Error {
  constructor() {
    super('Upsampler fake closed');
  }
}

/**
 * Owns every timer and background task of the fake, so `close()` can cancel the
 * timers and wait for the tasks that are already running.
 */
export class Scheduler {
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  private readonly tasks = new Set<Promise<void>>();
  private closed = false;

  /** Resolves after `ms`; rejects with SchedulerClosedError if the fake closes first. */
  delay(ms: number): Promise<void> {
    if (this.closed) return Promise.reject(new SchedulerClosedError());
    if (ms <= 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.set(timer, () => reject(new SchedulerClosedError()));
    });
  }

  /** Runs `task` in the background, tracked until it settles. Errors are passed to `onError`. */
  run(task: () => Promise<void>, onError: (error: unknown) => void): void {
    if (this.closed) return;
    const promise: Promise<void> = task()
      .catch((error: unknown) => {
        if (!(error instanceof SchedulerClosedError)) onError(error);
      })
      .finally(() => {
        this.tasks.delete(promise);
      });
    this.tasks.add(promise);
  }

  /** Resolves once no background task is running or waiting. */
  async idle(): Promise<void> {
    while (this.tasks.size > 0) {
      await Promise.allSettled([...this.tasks]);
    }
  }

  /** Cancels every pending delay and waits for the running tasks to settle. */
  async close(): Promise<void> {
    this.closed = true;
    for (const [timer, cancel] of this.timers) {
      clearTimeout(timer);
      cancel();
    }
    this.timers.clear();
    await this.idle();
  }
}
