/**
 * Test double of `@strapi/strapi/admin` for component tests: the same names, props and
 * signatures the plugin uses (Page, Layouts, SubNav, useFetchClient, useNotification,
 * useRBAC, useQueryParams), rendered with real design-system components, backed by
 * `admin-test-state`. useRBAC and useQueryParams follow Strapi 5.54's own source
 * (@strapi/admin/dist/admin/src/hooks). The real module is exercised by the Chromium
 * tests against the playground admin.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { NavLink, useLocation, useNavigate } from 'react-router-dom';
import { parse, stringify } from 'qs';
import { Box, Flex, Loader, Main, Typography } from '@strapi/design-system';
import { adminState, fakeFetch } from './admin-test-state';

type Permission = { action: string; subject?: string | null };

const allowed = (permissions: Permission[] = []) =>
  permissions.every((p) => adminState.permissions.has(p.action));

export const Page = {
  Main: ({ children }: { children?: ReactNode }) => <Main>{children}</Main>,
  Title: ({ children }: { children?: ReactNode }) => {
    document.title = String(children);
    return null;
  },
  Loading: () => <Loader>Loading content.</Loader>,
  Error: () => <div role="alert">Woops! Something went wrong.</div>,
  NoPermissions: () => (
    <div role="alert">You don&apos;t have the permissions to access that content</div>
  ),
  Protect: ({
    permissions,
    children,
  }: {
    permissions?: Permission[];
    children?: ReactNode | ((args: unknown) => ReactNode);
  }) =>
    allowed(permissions) ? (
      <>{typeof children === 'function' ? children({ permissions }) : children}</>
    ) : (
      <Page.NoPermissions />
    ),
};

export const Layouts = {
  Root: ({ children, sideNav }: { children?: ReactNode; sideNav?: ReactNode }) => (
    <Flex alignItems="flex-start">
      {sideNav}
      <Box flex={1}>{children}</Box>
    </Flex>
  ),
  Header: ({
    title,
    subtitle,
    primaryAction,
    secondaryAction,
    navigationAction,
  }: Record<string, ReactNode>) => (
    <Box tag="header">
      {navigationAction}
      <Typography tag="h1" variant="alpha">
        {title}
      </Typography>
      {subtitle ? <Typography>{subtitle}</Typography> : null}
      {secondaryAction}
      {primaryAction}
    </Box>
  ),
  Content: ({ children }: { children?: ReactNode }) => <Box>{children}</Box>,
  Action: ({ startActions, endActions }: { startActions?: ReactNode; endActions?: ReactNode }) => (
    <Flex>
      {startActions}
      {endActions}
    </Flex>
  ),
};

export const SubNav = {
  Main: ({ children, ...props }: { children?: ReactNode }) => <nav {...props}>{children}</nav>,
  Header: ({ label }: { label: string }) => <Typography tag="h2">{label}</Typography>,
  Sections: ({ children }: { children?: ReactNode }) => <ul>{children}</ul>,
  Section: ({ label, children }: { label: string; children?: ReactNode }) => (
    <li aria-label={label}>
      <ul>{children}</ul>
    </li>
  ),
  Link: ({ label, to, end }: { label: ReactNode; to: string; end?: boolean }) => (
    <li>
      <NavLink to={to} end={end}>
        {label}
      </NavLink>
    </li>
  ),
};

/** A request's answer, or an AbortError once `signal` aborts first (as `fetch` does). */
function abortable<T>(answer: Promise<T>, signal: AbortSignal): Promise<T> {
  const aborted = () =>
    Object.assign(new Error('signal is aborted without reason'), { name: 'AbortError' });
  if (signal.aborted) return Promise.reject(aborted());
  return new Promise<T>((resolve, reject) => {
    signal.addEventListener('abort', () => reject(aborted()), { once: true });
    answer.then(resolve, reject);
  });
}

/**
 * Strapi 5.54's `useFetchClient`: every request carries the hook's AbortSignal, aborted
 * when the component unmounts, unless the call passes a `signal` of its own.
 */
export function useFetchClient() {
  const controller = useRef<AbortController | null>(null);
  if (controller.current === null) controller.current = new AbortController();
  useEffect(() => () => controller.current?.abort(), []);
  return useMemo(() => {
    type Options = { params?: unknown; signal?: AbortSignal };
    const send = (request: Parameters<typeof fakeFetch>[0], options?: Options) =>
      abortable(
        fakeFetch({ ...request, params: options?.params }),
        options?.signal ?? (controller.current as AbortController).signal,
      );
    return {
      get: (url: string, options?: Options) => send({ method: 'GET', url }, options),
      post: (url: string, body?: unknown, options?: Options) =>
        send({ method: 'POST', url, body }, options),
      put: (url: string, body?: unknown, options?: Options) =>
        send({ method: 'PUT', url, body }, options),
      del: (url: string, options?: Options) => send({ method: 'DELETE', url }, options),
    };
  }, []);
}

export function useNotification() {
  return useMemo(
    () => ({
      toggleNotification: (notification: { type?: string; message?: string; title?: string }) => {
        adminState.notifications.push(notification);
      },
    }),
    [],
  );
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** `plugin::sell-my-images.jobs.refund` → `refund`; `admin::roles.create-draft` → `CreateDraft`. */
const actionName = (permission: Permission) =>
  (permission.action.split('.').at(-1) ?? '').split('-').map(capitalise).join('');

export const RBAC_OBJECT_WARNING =
  'useRBAC: The first argument should be an array of permissions, not an object. This will be deprecated in the future.';

/**
 * Strapi's useRBAC: an array of permissions (an object of arrays still works, with a
 * deprecation warning) → `allowedActions` named after the last part of each action
 * (`canRefund`), all false and `isLoading` until the check has run (after the first
 * render), then true for the permissions the signed-in admin holds.
 */
export function useRBAC(
  permissionsToCheck: Record<string, Permission[]> | Permission[] = [],
  _passedPermissions?: Permission[],
  _rawQueryContext?: string,
) {
  const warned = useRef(false);
  const permissions = useMemo(() => {
    if (Array.isArray(permissionsToCheck)) return permissionsToCheck;
    if (!warned.current) {
      warned.current = true;
      adminState.warnings.push(RBAC_OBJECT_WARNING);
      console.warn(RBAC_OBJECT_WARNING);
    }
    return Object.values(permissionsToCheck).flat();
  }, [permissionsToCheck]);
  const key = JSON.stringify(permissions);
  const [checked, setChecked] = useState<{ key: string; granted: string[] } | null>(null);
  useEffect(() => {
    const list = JSON.parse(key) as Permission[];
    setChecked({
      key,
      granted: list.filter((p) => adminState.permissions.has(p.action)).map(actionName),
    });
  }, [key]);
  const done = checked?.key === key;
  const allowedActions = Object.fromEntries(
    permissions.map((p) => [
      `can${capitalise(actionName(p))}`,
      done && checked.granted.includes(actionName(p)),
    ]),
  );
  return { allowedActions, permissions, isLoading: !done, error: undefined };
}

/**
 * Strapi's useQueryParams: the URL query parsed with qs (over `initialParams`), and a
 * setter that merges into it (or removes keys) and navigates, writing the query unencoded.
 */
export function useQueryParams<TQuery extends object = Record<string, unknown>>(
  initialParams?: TQuery,
) {
  const { search } = useLocation();
  const navigate = useNavigate();
  const query = useMemo(() => {
    const searchQuery = search.startsWith('?') ? search.slice(1) : search;
    if (!search && initialParams) return initialParams;
    return { ...initialParams, ...parse(searchQuery) } as TQuery;
  }, [search, initialParams]);
  const setQuery = useCallback(
    (nextParams: TQuery, method: 'push' | 'remove' = 'push', replace = false) => {
      let nextQuery = { ...query } as Record<string, unknown>;
      if (method === 'remove') {
        for (const key of Object.keys(nextParams))
          if (Object.prototype.hasOwnProperty.call(nextQuery, key)) delete nextQuery[key];
      } else {
        nextQuery = { ...query, ...nextParams } as Record<string, unknown>;
      }
      navigate({ search: stringify(nextQuery, { encode: false }) }, { replace });
    },
    [navigate, query],
  );
  return [{ query, rawQuery: search }, setQuery] as const;
}
