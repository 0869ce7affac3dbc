import type { Browser, Page } from 'playwright-core';
import {
  buy,
  jobRow,
  openShop,
  postJson,
  startCheckout,
  type Shop,
} from '../integration/helpers/shop';
import { until } from '../integration/helpers/wait';
import { formatMoney } from '../../shared/currency';
import { adminBrowser, createRestrictedAdmin, loginAdmin } from './helpers/admin-users';
import { screenshotPath } from './helpers/browser';

/**
 * The back office in real Chromium against the playground admin (issue 5): settings with
 * the live price preview, sellable media, the Content Manager side panel, jobs (filters,
 * search, retry, refund), analytics, and a role without the refund permission.
 */
describe('admin panel (Chromium)', () => {
  let shop: Shop;
  let browser: Browser;
  let page: Page;
  const admin = (path: string) => `${shop.app.url}/admin${path}`;
  const prices = async (fileId: number | string) => shop.api(`/prices?fileId=${fileId}`);

  beforeAll(async () => {
    shop = await openShop('e2e-admin-panel', { SMI_UPSCALER: 'sharp' });
    ({ browser, page } = await adminBrowser(shop.app, { width: 1440, height: 960 }));
  });

  afterAll(async () => {
    await browser?.close();
    await shop?.close();
  });

  const job = (jobId: string) => jobRow(shop, jobId);
  /** Datetimes as this database stores them (Strapi keeps epoch milliseconds on SQLite). */
  const dbTime = (date: Date) => (shop.app.database.client === 'sqlite' ? date.getTime() : date);

  /** A real checkout of `small.png` (paid through the Stripe fake unless `pay` is false). */
  async function checkout(email: string, pay = true): Promise<string> {
    const request = { fileId: shop.images.small.documentId, resolution: '4x', email };
    return (pay ? await buy(shop, request) : await startCheckout(shop, request)).jobId;
  }

  const fixtures: Record<string, string> = {};
  /**
   * Jobs in every status: real purchases fulfilled by the sharp upscaler, then a few
   * moved in the database to the states a live shop passes through (a failed upscale,
   * one held for a later attempt, one processing elsewhere, an expired checkout).
   */
  async function seedJobs(): Promise<void> {
    if (Object.keys(fixtures).length) return;
    const paid = ['completed-a', 'completed-b', 'refund-me', 'failed', 'pending', 'processing'];
    for (const name of paid) {
      fixtures[name] = await checkout(`${name}@shop.test`);
    }
    fixtures['awaiting'] = await checkout('awaiting@shop.test', false);
    fixtures['abandoned'] = await checkout('abandoned@shop.test', false);
    for (const name of paid) {
      await until(
        () => job(fixtures[name]),
        (row) => row.status === 'completed',
        60_000,
      );
    }
    const later = dbTime(new Date(Date.now() + 24 * 3600_000));
    await shop
      .db('smi_jobs')
      .where({ job_id: fixtures.failed })
      .update({
        status: 'failed',
        error_code: 'upscale_failed',
        error_message: 'The upscaler gave up',
        failed_at: dbTime(new Date()),
      });
    await shop
      .db('smi_jobs')
      .where({ job_id: fixtures.pending })
      .update({ status: 'pending', next_attempt_at: later });
    await shop
      .db('smi_jobs')
      .where({ job_id: fixtures.processing })
      .update({ status: 'processing', lease_owner: 'another-instance', lease_expires_at: later });
    await shop
      .db('smi_jobs')
      .where({ job_id: fixtures.abandoned })
      .update({ status: 'abandoned', abandoned_at: dbTime(new Date()) });
  }

  it('settings: the live preview follows the markup, and GET /prices follows the saved markup', async () => {
    await page.goto(admin('/settings/sell-my-images'));
    await page
      .getByRole('heading', { name: 'Sell My Images settings', level: 1 })
      .waitFor({ timeout: 60_000 });
    expect(await page.getByLabel('Stripe webhook URL').inputValue()).toBe(
      `${shop.app.url}/api/sell-my-images/webhooks/stripe`,
    );
    const preview = page.getByRole('table', { name: 'Price preview' });
    const row = preview.getByRole('row').filter({ hasText: '2,000 × 2,000 px' });

    // Reference values (docs/architecture.md "Money rules"): markup 200 % → 2000×2000 at 4x costs 0.64, sells at 1.92.
    await page.getByLabel('Markup (%)').fill('200');
    await row.getByText('$1.92').waitFor();
    await page.getByLabel('Markup (%)').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('admin-settings') });
    await page.getByLabel('Markup (%)').fill('300');
    await row.getByText('$2.56').waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Settings saved').first().waitFor();

    const quote = await until(
      async () => (await prices(shop.images.large.documentId)).json(),
      (body) =>
        body.options?.find((o: { resolution: string }) => o.resolution === '4x')?.amount === 256,
    );
    expect(quote.options.find((o: { resolution: string }) => o.resolution === '4x').formatted).toBe(
      '$2.56',
    );
  });

  it('sellable media: switching an image off makes GET /prices answer 404 for it', async () => {
    const res = await shop.adminApi('/settings', { method: 'PUT', json: { saleMode: 'opt-out' } });
    expect(res.status).toBe(200);
    expect((await prices(shop.images.medium.documentId)).status).toBe(200);

    await page.goto(admin('/plugins/sell-my-images/media'));
    const toggle = page.getByRole('switch', { name: 'For sale: medium.png' });
    await toggle.waitFor({ timeout: 60_000 });
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    await page.waitForFunction(() =>
      [...document.images].every((img) => img.complete && img.naturalWidth > 0),
    );
    await page.screenshot({ path: screenshotPath('admin-media') });
    await toggle.click();
    await until(
      () => toggle.getAttribute('aria-checked'),
      (state) => state === 'false',
    );

    // The public route does not say why (the admin's page does): 404 as for an unknown file.
    const refused = await until(
      () => prices(shop.images.medium.documentId),
      (r) => r.status === 404,
      15_000,
    );
    expect(await refused.json()).toMatchObject({
      data: null,
      error: { status: 404, details: {} },
    });
    expect((await prices(shop.images.large.documentId)).status).toBe(200);
  });

  it("Content Manager: the side panel lists the entry's image with its sale switch and 4x/8x prices", async () => {
    const created = await fetch(
      `${shop.app.url}/content-manager/collection-types/api::photo.photo`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${shop.admin.token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          title: 'Panel test',
          caption: 'An entry with an image',
          image: shop.images.large.id,
        }),
      },
    );
    expect(created.status).toBe(201);
    const { data: entry } = await created.json();
    const quote = await (await prices(shop.images.large.documentId)).json();

    await page.goto(
      admin(`/content-manager/collection-types/api::photo.photo/${entry.documentId}`),
    );
    const panel = page
      .locator('aside, [role=complementary], div')
      .filter({ has: page.getByText('Images for sale', { exact: true }) })
      .last();
    await page.getByText('Images for sale', { exact: true }).waitFor({ timeout: 60_000 });
    await page.getByRole('switch', { name: 'For sale: large.png' }).waitFor();
    for (const option of quote.options as Array<{ resolution: string; formatted: string }>) {
      await panel
        .getByText(`${option.resolution}: ${option.formatted}`, { exact: false })
        .first()
        .waitFor();
    }
    await page.screenshot({ path: screenshotPath('admin-content-manager-panel') });
  });

  it('jobs: the list shows every status; the status filter and the search narrow it', async () => {
    await seedJobs();
    await page.goto(admin('/plugins/sell-my-images/jobs'));
    const grid = page.getByRole('grid', { name: 'Jobs' });
    await grid.waitFor({ timeout: 60_000 });
    for (const label of [
      'Awaiting payment',
      'Pending',
      'Processing',
      'Completed',
      'Failed',
      'Abandoned',
    ]) {
      await grid.getByText(label, { exact: true }).first().waitFor();
    }
    await page.screenshot({ path: screenshotPath('admin-jobs'), fullPage: true });

    await page.getByRole('combobox', { name: 'Status', exact: true }).click();
    await page.getByRole('option', { name: 'Failed', exact: true }).click();
    await page.waitForURL(/status=failed/);
    await until(
      () => grid.getByRole('row').count(),
      (n) => n === 2,
    ); // header + the failed job
    await grid.getByText('failed@shop.test').waitFor();

    await page.goto(admin('/plugins/sell-my-images/jobs'));
    await page.getByLabel('Search jobs').fill('completed-b@');
    await page.waitForURL(/q=completed-b/);
    await until(
      () => grid.getByRole('row').count(),
      (n) => n === 2,
    );
    await grid.getByText('completed-b@shop.test').waitFor();
    expect(await grid.getByText('completed-a@shop.test').count()).toBe(0);

    // the same search by job id
    await page.getByLabel('Search jobs').fill(fixtures.pending);
    await until(
      () => grid.getByRole('row').count(),
      (n) => n === 2,
    );
    await grid.getByText('pending@shop.test').waitFor();
  });

  it('jobs: retrying a failed job sends it back through fulfilment until it completes', async () => {
    await seedJobs();
    await page.goto(admin(`/plugins/sell-my-images/jobs/${fixtures.failed}`));
    await page
      .getByRole('heading', { name: `Job ${fixtures.failed}` })
      .waitFor({ timeout: 60_000 });
    await page.getByRole('list', { name: 'Timeline' }).waitFor();
    await page.screenshot({ path: screenshotPath('admin-job-detail'), fullPage: true });
    await page.getByRole('button', { name: 'Retry', exact: true }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Confirm retry' }).click();
    const row = await until(
      () => job(fixtures.failed),
      (r) => r.status !== 'failed',
    );
    expect(['pending', 'processing', 'completed']).toContain(row.status);
    await until(
      () => job(fixtures.failed),
      (r) => r.status === 'completed',
      60_000,
    );
    await page.reload();
    await page.getByRole('heading', { name: `Job ${fixtures.failed}` }).waitFor();
    await page.getByText('Completed', { exact: true }).first().waitFor();
  });

  it('jobs: a refund from the detail page reaches Stripe exactly once', async () => {
    await seedJobs();
    const before = shop.stripe.refunds.size;
    await page.goto(admin(`/plugins/sell-my-images/jobs/${fixtures['refund-me']}`));
    await page.getByRole('button', { name: 'Refund', exact: true }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Confirm refund' }).click();
    await until(
      () => job(fixtures['refund-me']),
      (r) => r.payment_status === 'refunded',
    );
    expect(shop.stripe.refunds.size).toBe(before + 1);
    await page.getByText('Refunded', { exact: true }).first().waitFor();
    expect(await page.getByRole('button', { name: 'Refund', exact: true }).count()).toBe(0);
  });

  it('a role without jobs.refund sees no refund button, and the API answers 403', async () => {
    await seedJobs();
    const editor = await createRestrictedAdmin(shop.app, shop.admin.token, {
      role: 'Shop assistant',
      email: 'assistant@shop.test',
      actions: ['read', 'jobs.read', 'jobs.retry'],
    });
    const editorContext = await browser.newContext({ viewport: { width: 1440, height: 960 } });
    try {
      const editorPage = await editorContext.newPage();
      await loginAdmin(editorPage, shop.app, editor.email, editor.password);
      await editorPage.goto(admin(`/plugins/sell-my-images/jobs/${fixtures['completed-a']}`));
      await editorPage
        .getByRole('heading', { name: `Job ${fixtures['completed-a']}` })
        .waitFor({ timeout: 60_000 });
      await editorPage.getByRole('button', { name: 'Resend e-mail' }).waitFor();
      expect(await editorPage.getByRole('button', { name: 'Refund', exact: true }).count()).toBe(0);
      await editorPage.screenshot({ path: screenshotPath('admin-job-detail-assistant') });
    } finally {
      await editorContext.close();
    }
    const refused = await fetch(
      `${shop.app.url}/sell-my-images/jobs/${fixtures['completed-a']}/refund`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${editor.token}` },
      },
    );
    expect(refused.status).toBe(403);
    expect((await job(fixtures['completed-a'])).payment_status).toBe('paid');
  });

  it('analytics: the cards equal the figures computed here from the jobs and clicks', async () => {
    await seedJobs();
    for (let i = 0; i < 12; i += 1) {
      const res = await shop.api(
        '/clicks',
        postJson({ fileId: shop.images.small.documentId, sourcePage: `${shop.app.url}/gallery` }),
      );
      expect(res.status).toBe(204);
    }
    // Independent figures: every sale of the fixtures was paid today, so "last 30 days" holds them all.
    const rows: Array<Record<string, any>> = await shop.db('smi_jobs').select();
    const sales = rows.filter((r) => ['paid', 'partially_refunded'].includes(r.payment_status));
    const revenue = sales.reduce(
      (sum, r) => sum + Number(r.amount) - Number(r.amount_refunded ?? 0),
      0,
    );
    const refunded = rows.filter((r) => r.payment_status === 'refunded');
    const refundedAmount = rows.reduce((sum, r) => sum + Number(r.amount_refunded ?? 0), 0);
    const customers = new Set(sales.map((r) => String(r.email).toLowerCase())).size;
    const [{ n: clicks }] = await shop.db('smi_clicks').count({ n: '*' });
    expect(sales.length).toBeGreaterThanOrEqual(5);
    expect(refunded.length).toBe(1);

    await page.goto(admin('/plugins/sell-my-images/analytics'));
    const card = (name: string) =>
      page.getByRole('group', { name, exact: true }).locator('[data-value]');
    await card('Revenue').waitFor({ timeout: 60_000 });
    await until(
      () => card('Clicks').textContent(),
      (text) => text === String(clicks),
    );
    expect(await card('Revenue').textContent()).toBe(formatMoney(revenue, 'usd'));
    expect(await card('Sales').textContent()).toBe(String(sales.length));
    expect(await card('Average sale').textContent()).toBe(
      formatMoney(Math.round(revenue / sales.length), 'usd'),
    );
    expect(await card('Unique customers').textContent()).toBe(String(customers));
    expect(await card('Refunded').textContent()).toBe(formatMoney(refundedAmount, 'usd'));
    const conversion = new Intl.NumberFormat('en', {
      style: 'percent',
      maximumFractionDigits: 1,
    }).format(sales.length / Number(clicks));
    expect(await card('Conversion rate').textContent()).toBe(conversion);
    await page.getByRole('img', { name: 'Revenue and sales per day' }).waitFor();
    await page.getByRole('grid', { name: 'Images' }).getByText('small.png').waitFor();
    await page.screenshot({ path: screenshotPath('admin-analytics'), fullPage: true });
  });
});
