import type { EventEmitter } from 'node:events';

/**
 * Resolves with the first value `probe` answers, asking it now and again on every `'change'`
 * event of `changes`. Rejects with what `probe` throws (a final state other than the awaited
 * one, a closed fake), or with `timeoutError()` after `timeoutMs`.
 */
export function waitForChange<T>(
  changes: EventEmitter,
  probe: () => T | undefined,
  timeoutMs: number,
  timeoutError: () => Error,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const check = (): void => {
      let value: T | undefined;
      try {
        value = probe();
      } catch (error) {
        finish(() => reject(error));
        return;
      }
      if (value !== undefined) finish(() => resolve(value));
    };
    const timer = setTimeout(() => finish(() => reject(timeoutError())), timeoutMs);
    const finish = (settle: () => void): void => {
      clearTimeout(timer);
      changes.off('change', check);
      settle();
    };
    changes.on('change', check);
    check();
  });
}
