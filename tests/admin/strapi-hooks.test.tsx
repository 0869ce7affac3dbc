/**
 * The double of `@strapi/strapi/admin` keeps the contract of Strapi 5.54's own hooks
 * (useRBAC, useQueryParams), and the panel's hooks built on them behave as the pages need.
 */
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter, useLocation, useNavigationType } from 'react-router-dom';
import { useQueryParams, useRBAC } from '@strapi/strapi/admin';
import { jobsListParams } from '../../admin/src/components/jobs/listParams';
import { useListParams } from '../../admin/src/hooks/useListParams';
import { SEARCH_DELAY_MS, useSearchBox } from '../../admin/src/hooks/useSearchBox';
import { PERMISSIONS } from '../../admin/src/permissions';
import { adminState, grant } from './support/admin-test-state';
import { RBAC_OBJECT_WARNING } from './support/strapi-admin-double';

const at =
  (url: string) =>
  ({ children }: { children: ReactNode }) => (
    <MemoryRouter
      initialEntries={[url]}
      future={{ v7_startTransition: true, v7_relativeSplatPath: true }}
    >
      {children}
    </MemoryRouter>
  );

describe('useRBAC (double of Strapi’s)', () => {
  it('takes an array of permissions and names each allowed action after its last part', () => {
    grant(['read', 'jobs.retry']);
    const permissions = [...PERMISSIONS.retryJobs, ...PERMISSIONS.refundJobs];
    const { result } = renderHook(() => useRBAC(permissions));
    expect(result.current.isLoading).toBe(false);
    expect(result.current.allowedActions).toEqual({ canRetry: true, canRefund: false });
    expect(result.current.permissions).toEqual(permissions);
  });

  it('warns, like Strapi 5.54, when given an object of permissions', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { result } = renderHook(() => useRBAC({ update: PERMISSIONS.updateMedia }));
    expect(result.current.allowedActions).toEqual({ canUpdate: true });
    expect(warn).toHaveBeenCalledWith(RBAC_OBJECT_WARNING);
    expect(adminState.warnings).toEqual([RBAC_OBJECT_WARNING]);
    warn.mockRestore();
    adminState.warnings.length = 0;
  });
});

describe('useQueryParams (double of Strapi’s)', () => {
  it('parses the query with qs, merges changes into it and navigates', () => {
    const { result } = renderHook(
      () => ({ params: useQueryParams(), location: useLocation(), type: useNavigationType() }),
      { wrapper: at('/jobs?page=2&filters[status]=failed') },
    );
    expect(result.current.params[0].query).toEqual({ page: '2', filters: { status: 'failed' } });
    act(() => result.current.params[1]({ page: '3', q: 'a%20b' }, 'push', true));
    expect(result.current.location.search).toBe('?page=3&filters[status]=failed&q=a%20b');
    expect(result.current.type).toBe('REPLACE');
    expect(result.current.params[0].query).toMatchObject({ q: 'a b' });
    act(() => result.current.params[1]({ filters: undefined }, 'remove'));
    // As Strapi's: the values it keeps are written back decoded (useListParams encodes all it writes).
    expect(result.current.location.search).toBe('?page=3&q=a b');
    expect(result.current.type).toBe('PUSH');
  });
});

describe('useListParams', () => {
  it('reads a bad value as its default and writes only what differs from the defaults', () => {
    const { result } = renderHook(
      () => ({ list: useListParams(jobsListParams), location: useLocation() }),
      { wrapper: at('/?status=bogus&page=3&q=buyer%2Bx%40example.test&extra=1') },
    );
    expect(result.current.list.state).toMatchObject({
      status: '',
      page: 3,
      q: 'buyer+x@example.test',
    });
    // A new filter goes back to page 1; values are encoded, stray keys dropped, the others stay in place.
    act(() => result.current.list.update({ status: 'failed' }));
    expect(result.current.location.search).toBe('?status=failed&q=buyer%2Bx%40example.test');
    expect(result.current.list.state).toMatchObject({ status: 'failed', page: 1 });
    // Nothing changes: no navigation.
    const before = result.current.location.key;
    act(() => result.current.list.update({ status: 'failed' }));
    expect(result.current.location.key).toBe(before);
  });
});

describe('useSearchBox', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('commits once typing stops, keeps typing over a late commit, and follows the URL', () => {
    const commits: string[] = [];
    const { result, rerender } = renderHook(
      ({ committed }: { committed: string }) =>
        useSearchBox(committed, (text) => commits.push(text)),
      { initialProps: { committed: '' } },
    );
    act(() => result.current[1]('sk'));
    act(() => result.current[1]('sky'));
    act(() => jest.advanceTimersByTime(SEARCH_DELAY_MS));
    expect(commits).toEqual(['sky']);
    // The admin types on before the URL has followed the first commit.
    act(() => result.current[1]('sky blue'));
    rerender({ committed: 'sky' });
    expect(result.current[0]).toBe('sky blue');
    act(() => jest.advanceTimersByTime(SEARCH_DELAY_MS));
    expect(commits).toEqual(['sky', 'sky blue']);
    rerender({ committed: 'sky blue' });
    // Back or a link changes the search under the box: it shows it.
    rerender({ committed: 'sea' });
    expect(result.current[0]).toBe('sea');
  });
});
