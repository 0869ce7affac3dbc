import { useEffect, useRef, useState } from 'react';

/**
 * `value` once it stopped changing for `delayMs` (the first value at once). Values are
 * compared by content (JSON), so a new object with the same content changes nothing.
 */
export function useDebouncedValue<T>(value: T, delayMs: number): T {
  const key = JSON.stringify(value);
  const latest = useRef(value);
  latest.current = value;
  const [settled, setSettled] = useState({ key, value });
  useEffect(() => {
    if (key === settled.key) return undefined;
    const timer = setTimeout(() => setSettled({ key, value: latest.current }), delayMs);
    return () => clearTimeout(timer);
  }, [key, settled.key, delayMs]);
  return settled.value;
}
