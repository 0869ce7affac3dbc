import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useSearchParams } from 'react-router-dom';
import { readMediaListState, writeMediaListState, type MediaListState } from './mediaListState';

/**
 * The media list's search, folder and page live in the URL query string, so a reload, the
 * back button or a shared link shows the same images (the jobs list's pattern). Changing
 * anything but the page goes back to page 1; `replace` keeps search keystrokes out of the
 * history. A change that leaves the query string as it is adds no history entry.
 */
export function useMediaListState() {
  const [searchParams, setSearchParams] = useSearchParams();
  const state = useMemo(() => readMediaListState(searchParams), [searchParams]);
  const latest = useRef(searchParams);
  useEffect(() => {
    latest.current = searchParams;
  }, [searchParams]);

  const update = useCallback(
    (change: Partial<MediaListState>, options: { replace?: boolean } = {}) => {
      const current = latest.current;
      const previous = readMediaListState(current);
      const resetsPage = Object.keys(change).some(
        (key) =>
          key !== 'page' &&
          change[key as keyof MediaListState] !== previous[key as keyof MediaListState],
      );
      const next = writeMediaListState({
        ...previous,
        ...(resetsPage ? { page: 1 } : {}),
        ...change,
      });
      if (next.toString() === current.toString()) return;
      latest.current = next;
      setSearchParams(next, { replace: options.replace });
    },
    [setSearchParams],
  );

  return { state, update };
}
