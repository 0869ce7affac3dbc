import type { Playground } from './playground';

export interface AdminSession {
  token: string;
  email: string;
  password: string;
}

export const FIRST_ADMIN = {
  firstname: 'Ada',
  lastname: 'Owner',
  email: 'owner@example.test',
  password: 'Playground-Passw0rd',
};

/** Creates the first super admin through Strapi's own `POST /admin/register-admin`. */
export async function registerFirstAdmin(
  app: Playground,
  admin = FIRST_ADMIN,
): Promise<AdminSession> {
  const res = await fetch(`${app.url}/admin/register-admin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(admin),
  });
  const body = (await res.json()) as { data?: { token: string }; error?: unknown };
  if (res.status !== 200 || !body.data?.token) {
    throw new Error(`register-admin answered ${res.status}: ${JSON.stringify(body)}`);
  }
  return { token: body.data.token, email: admin.email, password: admin.password };
}

/** A call to Strapi's admin API; fails unless it answers `status` (any 2xx without one). */
async function call(
  app: Playground,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  status?: number,
) {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({}))) as { data?: Record<string, unknown> };
  if (status === undefined ? !res.ok : res.status !== status)
    throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`);
  return json.data ?? {};
}

export interface RestrictedAdmin {
  email: string;
  password: string;
  token: string;
}

/**
 * Creates an admin role with exactly the given plugin actions (short uids such as
 * `jobs.read`) and a user in it, through Strapi's own admin API as a super admin would.
 */
export async function createRestrictedAdmin(
  app: Playground,
  superToken: string,
  spec: { role: string; email: string; actions: string[] },
): Promise<RestrictedAdmin> {
  const password = 'Editor-Passw0rd';
  const role = await call(app, superToken, 'POST', '/admin/roles', {
    name: spec.role,
    description: `${spec.role} (test)`,
  });
  const permissions = spec.actions.map((action) => ({
    action: `plugin::sell-my-images.${action}`,
    subject: null,
    properties: {},
    conditions: [],
  }));
  await call(app, superToken, 'PUT', `/admin/roles/${role.id}/permissions`, { permissions }, 200);
  return inviteAdmin(app, superToken, {
    firstname: 'Eddie',
    lastname: 'Editor',
    email: spec.email,
    password,
    roles: [Number(role.id)],
  });
}

/**
 * Invites an admin user with the given roles as a super admin would, and registers them
 * through Strapi's own invitation (`POST /admin/register`): their session.
 */
export async function inviteAdmin(
  app: Playground,
  superToken: string,
  user: { firstname: string; lastname: string; email: string; password: string; roles: number[] },
): Promise<RestrictedAdmin> {
  const { password, ...invitation } = user;
  const invited = await call(app, superToken, 'POST', '/admin/users', invitation, 201);
  const userInfo = { firstname: user.firstname, lastname: user.lastname, password };
  const registered = await call(
    app,
    superToken,
    'POST',
    '/admin/register',
    { registrationToken: invited.registrationToken, userInfo },
    200,
  );
  return { email: user.email, password, token: String(registered.token) };
}

export interface UploadedFile {
  id: number;
  documentId: string;
  name: string;
  url: string;
  width: number | null;
  height: number | null;
  mime: string;
  size: number;
}

/** Uploads a file to the media library through the admin upload route, as an editor would. */
export async function uploadFile(
  app: Playground,
  session: AdminSession,
  file: { name: string; data: Buffer; mime: string },
): Promise<UploadedFile> {
  const form = new FormData();
  form.append('files', new Blob([new Uint8Array(file.data)], { type: file.mime }), file.name);
  const res = await fetch(`${app.url}/upload`, {
    method: 'POST',
    headers: { authorization: `Bearer ${session.token}` },
    body: form,
  });
  const body = (await res.json()) as UploadedFile[] | { error: unknown };
  if (res.status !== 201 && res.status !== 200) {
    throw new Error(`upload answered ${res.status}: ${JSON.stringify(body)}`);
  }
  return (body as UploadedFile[])[0];
}
