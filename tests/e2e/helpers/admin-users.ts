import type { Page } from 'playwright-core';
import type { Playground } from '../../integration/helpers/playground';

/** Signs in through the admin's own login form and waits for the home page. */
export async function loginAdmin(
  page: Page,
  app: Playground,
  email: string,
  password: string,
): Promise<void> {
  await page.goto(`${app.url}/admin/auth/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.waitForURL(/\/admin(\/)?$/, { timeout: 60_000 });
}

export { createRestrictedAdmin, type RestrictedAdmin } from '../../integration/helpers/admin';
