import type { Browser, Page } from 'playwright-core';
import {
  buy,
  jobRow,
  openShop,
  publishPhoto,
  uploadPng,
  type Shop,
} from '../integration/helpers/shop';
import { until } from '../integration/helpers/wait';
import { adminBrowser } from './helpers/admin-users';
import { screenshotPath } from './helpers/browser';

/**
 * The local AI upscaler in the real admin (issue 7), in Chromium against the playground:
 * the site owner picks "local AI" on the settings page, measures the server, reads the
 * expected processing times, prices per output megapixel with the live preview, saves,
 * and GET /prices follows; then a paid job's progress bar and method in the job detail.
 */
describe('admin panel: local AI (Chromium)', () => {
  let shop: Shop;
  let browser: Browser;
  let page: Page;
  const admin = (path: string) => `${shop.app.url}/admin${path}`;

  beforeAll(async () => {
    // No SMI_UPSCALER: the provider is chosen in the settings page.
    shop = await openShop('e2e-admin-local-ai');
    const res = await shop.adminApi('/settings', {
      method: 'PUT',
      json: { resolutions: ['4x', '8x'] },
    });
    expect(res.status).toBe(200);
    ({ browser, page } = await adminBrowser(shop.app, { width: 1440, height: 1100 }));
  });

  afterAll(async () => {
    await browser?.close();
    await shop?.close();
  });

  it('settings: choose local AI, measure the server, see expected times, price per megapixel, save', async () => {
    await page.goto(admin('/settings/sell-my-images'));
    await page
      .getByRole('heading', { name: 'Sell My Images settings', level: 1 })
      .waitFor({ timeout: 60_000 });
    expect(await page.getByText('Local AI', { exact: true }).count()).toBe(0);

    await page.getByRole('combobox', { name: 'Upscaler' }).click();
    await page.getByRole('option', { name: /local AI/i }).click();
    await page.getByText('Upscaler: AI (ESRGAN, on this server) · Model: ESRGAN slim').waitFor();

    // The first ask starts a measurement in the background; the button starts one too if none runs.
    const measure = page.getByRole('button', { name: /Measure (this server|again)/ });
    if (
      (await page.getByText('Measuring now…').count()) === 0 &&
      (await measure.count()) > 0 &&
      (await page.getByText('Not measured on this server yet').count()) > 0
    ) {
      await measure.click();
    }
    const times = page.getByRole('table', { name: 'Expected processing time on this server' });
    await times.waitFor({ timeout: 240_000 });
    const row = times.getByRole('row').filter({ hasText: '1,000 × 1,000 px' });
    await row
      .getByText(/about \d+ (s|min)/)
      .first()
      .waitFor();
    await page.getByText(/Measured on \d+ × .+ inference threads? per upscale/).waitFor();
    // The cells agree with the API for the same (unsaved) values.
    const api = (
      await (
        await shop.adminApi('/settings/local-ai/expected-times', {
          method: 'POST',
          json: { resolutions: ['4x', '8x'] },
        })
      ).json()
    ).data;
    expect(api.calibrated).toBe(true);
    expect(api.samples[1].options.map((o: { method: string }) => o.method)).toEqual([
      'ESRGAN slim 4x',
      'ESRGAN slim 4x + Lanczos 2x',
    ]);
    await row.getByText('ESRGAN slim 4x + Lanczos 2x').first().waitFor();

    // Pricing: no credits or markup with local AI, a price per output megapixel instead.
    expect(await page.getByLabel('Markup (%)').count()).toBe(0);
    await page.getByLabel('Price per output megapixel').fill('0.10');
    const preview = page.getByRole('table', { name: 'Price preview' });
    // 2000×2000 at 4x = 64 MP × $0.10
    await preview
      .getByRole('row')
      .filter({ hasText: '2,000 × 2,000 px' })
      .getByText('$6.40')
      .waitFor();
    await page.getByText('Expected processing time on this server').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('admin-settings-local-ai'), fullPage: false });

    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Settings saved').first().waitFor();
    const quote = await until(
      async () => (await shop.api(`/prices?fileId=${shop.images.large.documentId}`)).json(),
      (body) => body.upscaler?.name === 'local-ai' && body.options?.[0]?.amount === 640,
    );
    expect(quote.options[0]).toMatchObject({
      resolution: '4x',
      formatted: '$6.40',
      expectedSeconds: expect.any(Number),
    });
  });

  it('job detail: a processing local-AI job shows its tiles progress and how it is made', async () => {
    const file = await uploadPng(shop, 'progress.png', 640, 480);
    await publishPhoto(shop.app, 'Progress', file.id);
    const { jobId } = await buy(shop, {
      fileId: file.documentId,
      resolution: '4x',
      email: 'progress@shop.test',
    });
    const job = () => jobRow(shop, jobId);
    await until(
      job,
      (row) => row.status === 'processing' && Number(row.progress_total) > 0,
      120_000,
    );

    await page.goto(admin(`/plugins/sell-my-images/jobs/${jobId}`));
    await page.getByText('ESRGAN slim 4x').first().waitFor({ timeout: 60_000 });
    const tiles = page.getByText(/\d+ of \d+ tiles \(\d+ %\)/);
    await tiles.waitFor();
    expect(await page.getByRole('progressbar').count()).toBeGreaterThan(0);
    await page.getByRole('progressbar').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('admin-job-progress') });
    const done = await until(
      job,
      (row) => row.status === 'completed' || row.status === 'failed',
      300_000,
    );
    expect(done.status).toBe('completed');
  });
});
