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
export async function registerFirstAdmin(app: Playground, admin = FIRST_ADMIN): Promise<AdminSession> {
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

/**
 * An admin with a role of its own holding only `permissions` (plugin action names such as
 * 'jobs.read'), registered through Strapi's role, user and registration routes; its token.
 */
export async function createRestrictedAdmin(
  app: Playground,
  owner: AdminSession,
  { role: name, permissions, email, password = 'Restricted-Passw0rd' }: { role: string; permissions: string[]; email: string; password?: string },
): Promise<string> {
  const call = async (path: string, method: string, body: unknown, token: string | null = owner.token) => {
    const res = await fetch(`${app.url}/admin${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { data?: any };
    if (res.status !== 200 && res.status !== 201) throw new Error(`${method} /admin${path} answered ${res.status}: ${JSON.stringify(json)}`);
    return json.data;
  };
  const role = await call('/roles', 'POST', { name, description: `Test role: ${permissions.join(', ')}` });
  await call(`/roles/${role.id}/permissions`, 'PUT', {
    permissions: permissions.map((uid) => ({ action: `plugin::sell-my-images.${uid}`, subject: null, conditions: [], properties: {} })),
  });
  const user = await call('/users', 'POST', { firstname: 'Test', lastname: name, email, roles: [role.id] });
  const registered = await call('/register', 'POST', { registrationToken: user.registrationToken, userInfo: { firstname: 'Test', lastname: name, password } }, null);
  return registered.token as string;
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
