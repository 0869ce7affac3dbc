import type { Page } from 'playwright-core';
import type { Playground } from '../../integration/helpers/playground';

/** Signs in through the admin's own login form and waits for the home page. */
export async function loginAdmin(page: Page, app: Playground, email: string, password: string): Promise<void> {
  await page.goto(`${app.url}/admin/auth/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.waitForURL(/\/admin(\/)?$/, { timeout: 60_000 });
}

async function call(app: Playground, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({}))) as { data?: Record<string, unknown> };
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`);
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
  const role = await call(app, superToken, 'POST', '/admin/roles', { name: spec.role, description: `${spec.role} (browser test)` });
  await call(app, superToken, 'PUT', `/admin/roles/${role.id}/permissions`, {
    permissions: spec.actions.map((action) => ({ action: `plugin::sell-my-images.${action}`, subject: null, properties: {}, conditions: [] })),
  });
  const user = await call(app, superToken, 'POST', '/admin/users', { firstname: 'Eddie', lastname: 'Editor', email: spec.email, roles: [role.id] });
  await call(app, superToken, 'POST', '/admin/register', {
    registrationToken: user.registrationToken,
    userInfo: { firstname: 'Eddie', lastname: 'Editor', password },
  });
  const login = await fetch(`${app.url}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: spec.email, password }),
  });
  const { data } = (await login.json()) as { data: { token: string } };
  return { email: spec.email, password, token: data.token };
}
