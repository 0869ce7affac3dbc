import type { Browser, Page } from 'playwright-core';
import { FIRST_ADMIN } from '../../integration/helpers/admin';
import type { Playground } from '../../integration/helpers/playground';
import { launchBrowser } from './browser';

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

/** Chromium with one page of `viewport`, signed in as the first admin of `app`. */
export async function adminBrowser(
  app: Playground,
  viewport: { width: number; height: number },
): Promise<{ browser: Browser; page: Page }> {
  const browser = await launchBrowser();
  try {
    const page = await (await browser.newContext({ viewport })).newPage();
    await loginAdmin(page, app, FIRST_ADMIN.email, FIRST_ADMIN.password);
    return { browser, page };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

export { createRestrictedAdmin, type RestrictedAdmin } from '../../integration/helpers/admin';
