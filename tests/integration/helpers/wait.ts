import { setTimeout as sleep } from 'node:timers/promises';

/** Reads until `done` holds (every 100 ms, bounded by `ms`); the last value is in the error. */
export async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last value: ${JSON.stringify(value)}`);
    await sleep(100);
  }
}
