/**
 * Test double of `@strapi/strapi/admin` for component tests: the same names and
 * props the plugin uses (Page, Layouts, SubNav, useFetchClient, useNotification,
 * useRBAC), rendered with real design-system components, backed by `admin-test-state`.
 * The real module is exercised by the Chromium tests against the playground admin.
 */
import { useMemo, type ReactNode } from 'react';
import { NavLink } from 'react-router-dom';
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

export function useFetchClient() {
  return useMemo(
    () => ({
      get: (url: string, options?: { params?: unknown }) =>
        fakeFetch({ method: 'GET', url, params: options?.params }),
      post: (url: string, body?: unknown, options?: { params?: unknown }) =>
        fakeFetch({ method: 'POST', url, body, params: options?.params }),
      put: (url: string, body?: unknown, options?: { params?: unknown }) =>
        fakeFetch({ method: 'PUT', url, body, params: options?.params }),
      del: (url: string, options?: { params?: unknown }) =>
        fakeFetch({ method: 'DELETE', url, params: options?.params }),
    }),
    [],
  );
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

/** Same contract as Strapi's: a record of permission lists → `{ canRead, canUpdate, … }`. */
export function useRBAC(permissionsToCheck: Record<string, Permission[]> = {}) {
  const allowedActions = Object.fromEntries(
    Object.entries(permissionsToCheck).map(([name, permissions]) => [
      `can${capitalise(name)}`,
      allowed(permissions),
    ]),
  );
  return { allowedActions, isLoading: false, error: undefined, permissions: [] };
}
