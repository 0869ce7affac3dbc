import { useCallback, useEffect, useRef, useState } from 'react';
import { useDebouncedCallback } from './useDebouncedCallback';

/** Long enough to wait for the end of a word, short enough to feel live. */
export const SEARCH_DELAY_MS = 300;

/**
 * A search box over a search kept in the URL: what is typed is committed when typing stops
 * (one request per search, not per key). When the URL's search changes under the box (back,
 * forward, a link) the box shows it; its own commits landing late never overwrite what was
 * typed meanwhile, nor do the spaces the URL trims off.
 */
export function useSearchBox(committed: string, commit: (text: string) => void) {
  const [text, setText] = useState(committed);
  const sent = useRef(committed);
  const debounced = useDebouncedCallback((next: string) => {
    sent.current = next.trim();
    commit(next);
  }, SEARCH_DELAY_MS);

  useEffect(() => {
    if (committed === sent.current) return;
    sent.current = committed;
    setText((current) => (current.trim() === committed ? current : committed));
  }, [committed]);

  const change = useCallback(
    (next: string) => {
      setText(next);
      debounced(next);
    },
    [debounced],
  );
  return [text, change] as const;
}
