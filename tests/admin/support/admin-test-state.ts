/**
 * Shared state of the admin component tests: what the signed-in admin may do, the
 * fake admin API behind `useFetchClient`, and the notifications shown.
 */
import type { ErrorAnswer } from '../../../shared/contracts/errors';

export interface FakeRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  params?: unknown;
  body?: unknown;
}

export interface FakeResponse {
  status?: number;
  body: unknown;
}

export type Handler = (request: FakeRequest) => FakeResponse | Promise<FakeResponse>;

export const adminState = {
  /** RBAC action uids granted to the signed-in admin (e.g. `plugin::sell-my-images.jobs.refund`). */
  permissions: new Set<string>(),
  routes: new Map<string, Handler>(),
  requests: [] as FakeRequest[],
  notifications: [] as Array<{ type?: string; message?: string; title?: string }>,
  /** Deprecation warnings the doubles of Strapi's hooks printed (useRBAC with an object). */
  warnings: [] as string[],
};

const ALL = [
  'read',
  'settings.read',
  'settings.update',
  'jobs.read',
  'jobs.retry',
  'jobs.refund',
  'analytics.read',
  'media.update',
  'privacy.manage',
];

/** Grants the given plugin actions (short uids like `jobs.read`); all of them when omitted. */
export function grant(actions: string[] = ALL): void {
  adminState.permissions = new Set(
    actions.map((a) => (a.includes('::') ? a : `plugin::sell-my-images.${a}`)),
  );
}

/**
 * Registers fake admin API answers by `METHOD /path` (path without query string,
 * e.g. `GET /sell-my-images/jobs`); `:param` segments match anything.
 */
export function mockApi(routes: Record<string, Handler | FakeResponse['body']>): void {
  for (const [key, value] of Object.entries(routes)) {
    adminState.routes.set(
      key,
      typeof value === 'function' ? (value as Handler) : () => ({ body: value }),
    );
  }
}

/** The requests sent with `method` to `url`, oldest first. */
export function requestsTo(method: FakeRequest['method'], url: string): FakeRequest[] {
  return adminState.requests.filter((request) => request.method === method && request.url === url);
}

const ERROR_NAMES: Record<number, string> = {
  400: 'ValidationError',
  403: 'PolicyError',
  404: 'NotFoundError',
  409: 'ConflictError',
  500: 'InternalServerError',
};

/** Strapi's error answer with this status and message (shared/contracts/errors). */
export function apiError(
  status: number,
  message: string,
  details: ErrorAnswer['error']['details'] = {},
): FakeResponse {
  const body: ErrorAnswer = {
    data: null,
    error: { status, name: ERROR_NAMES[status] ?? 'ApplicationError', message, details },
  };
  return { status, body };
}

export function resetAdminState(): void {
  grant();
  adminState.routes.clear();
  adminState.requests.length = 0;
  adminState.notifications.length = 0;
  adminState.warnings.length = 0;
}

function matches(pattern: string, path: string): boolean {
  const a = pattern.split('/');
  const b = path.split('/');
  return a.length === b.length && a.every((part, i) => part.startsWith(':') || part === b[i]);
}

/** What `useFetchClient` does in the double: finds the handler, throws Strapi's FetchError shape on ≥ 400. */
export async function fakeFetch(request: FakeRequest): Promise<{ data: unknown; status: number }> {
  adminState.requests.push(request);
  const path = request.url.split('?')[0];
  const key = [...adminState.routes.keys()].find((k) => {
    const [method, pattern] = k.split(' ');
    return method === request.method && matches(pattern, path);
  });
  if (!key) {
    const error = new Error(`No fake for ${request.method} ${path}`);
    Object.assign(error, {
      name: 'FetchError',
      status: 404,
      response: {
        data: { data: null, error: { status: 404, name: 'NotFoundError', message: 'Not Found' } },
      },
    });
    throw error;
  }
  const { status = 200, body } = await adminState.routes.get(key)!(request);
  if (status >= 400) {
    const message = (body as { error?: { message?: string } })?.error?.message ?? `HTTP ${status}`;
    const error = new Error(message);
    Object.assign(error, { name: 'FetchError', status, response: { data: body } });
    throw error;
  }
  return { data: body, status };
}
