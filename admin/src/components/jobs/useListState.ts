import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { readListState, writeListState, type JobsListState } from './listState';

/**
 * The jobs list's state lives in the URL query string, so a reload, the back button or a
 * shared link shows the same list. Changing a filter, the search or the sort goes back to
 * page 1; `replace` keeps keystrokes of the search out of the history.
 */
export function useListState() {
  const [searchParams, setSearchParams] = useSearchParams();
  const state = useMemo(() => readListState(searchParams), [searchParams]);

  const update = useCallback(
    (change: Partial<JobsListState>, options: { replace?: boolean } = {}) => {
      setSearchParams(
        (current) => {
          const previous = readListState(current);
          const resetsPage = Object.keys(change).some((key) => key !== 'page');
          return writeListState({ ...previous, ...(resetsPage ? { page: 1 } : {}), ...change });
        },
        { replace: options.replace },
      );
    },
    [setSearchParams],
  );

  return { state, update, search: searchParams.toString() };
}
