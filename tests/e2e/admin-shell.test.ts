import type { Browser, Page } from 'playwright-core';
import { version } from '../../package.json';
import { FIRST_ADMIN, registerFirstAdmin } from '../integration/helpers/admin';
import { Playground } from '../integration/helpers/playground';
import { launchBrowser, screenshotPath } from './helpers/browser';

/** The admin panel of a real playground in real Chromium: the plugin's menu entry and pages render. */
describe('admin panel shell (Chromium)', () => {
  let app: Playground;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    app = await Playground.start({ label: 'e2e-admin' });
    await registerFirstAdmin(app);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(`${app.url}/admin/auth/login`);
    await page.getByLabel('Email').fill(FIRST_ADMIN.email);
    await page.getByLabel('Password').fill(FIRST_ADMIN.password);
    await page.getByRole('button', { name: 'Login' }).click();
    await page.waitForURL(/\/admin(\/)?$/, { timeout: 60_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.destroy();
  });

  it('shows the plugin in the main menu and opens its page', async () => {
    const link = page.getByRole('link', { name: 'Sell My Images' });
    await link.waitFor({ timeout: 60_000 });
    await link.click();
    await page.waitForURL(/\/admin\/plugins\/sell-my-images/);
    await page.getByRole('heading', { name: 'Sell My Images', level: 1 }).waitFor();
    await page
      .getByText(`The plugin is running (version ${version}).`)
      .waitFor({ timeout: 30_000 });
    await page.screenshot({ path: screenshotPath('admin-plugin-home') });
  });
});
