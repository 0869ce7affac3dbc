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
