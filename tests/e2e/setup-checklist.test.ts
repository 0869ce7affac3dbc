import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import Stripe from 'stripe';
import type { SetupItem, SetupItemState } from '../../shared/contracts/setup';
import { STRIPE_WEBHOOK_EVENTS } from '../../shared/contracts/stripe-webhook';
import { signatureHeader } from '../fakes/stripe';
import { FIRST_ADMIN } from '../integration/helpers/admin';
import { TMP_ROOT } from '../integration/helpers/databases';
import { openShop, type Shop } from '../integration/helpers/shop';
import { until } from '../integration/helpers/wait';
import { adminBrowser } from './helpers/admin-users';
import { screenshotPath } from './helpers/browser';

/**
 * The Overview page's setup checklist in real Chromium (issue 14, README "Setup checklist"):
 * a shop booted with no Stripe key, no webhook secret and a storage folder that cannot be
 * created shows those items red; the owner fixes each through the admin (the Stripe key in
 * Settings, "Set up webhook" in the row, the folder on disk, the Upsampler key) and sees it
 * turn green, until the summary says the shop is ready to sell. The public URL is a public
 * https address (the Stripe fake never calls it; events are delivered here, signed).
 */
const PUBLIC_URL = 'https://shop.example.test';
const WEBHOOK_URL = `${PUBLIC_URL}/api/sell-my-images/webhooks/stripe`;

describe('setup checklist (Chromium)', () => {
  // A file where the storage folder's parent should be: the folder cannot be created.
  const blocker = path.join(TMP_ROOT, `e2e-setup-storage-${process.pid}`);
  const storageDir = path.join(blocker, 'private');
  let shop: Shop;
  let browser: Browser;
  let page: Page;
  /** Changes the browser sent and gave up on (a save cut short by leaving its page). */
  const abortedChanges: string[] = [];
  const admin = (route: string) => `${shop.app.url}/admin${route}`;

  beforeAll(async () => {
    mkdirSync(TMP_ROOT, { recursive: true });
    rmSync(blocker, { recursive: true, force: true });
    writeFileSync(blocker, 'not a folder');
    shop = await openShop('e2e-setup-checklist', {
      SMI_STRIPE_SECRET_KEY: undefined,
      SMI_STRIPE_WEBHOOK_SECRET: undefined,
      SMI_UPSAMPLER_API_KEY: undefined,
      SMI_PUBLIC_URL: PUBLIC_URL,
      SMI_STORAGE_DIR: storageDir,
    });
    ({ browser, page } = await adminBrowser(shop.app, { width: 1440, height: 960 }));
    page.on('requestfailed', (request) => {
      // Saves and the checklist's buttons (previews, read with POST, may be dropped).
      // (A read such as the webhook's status line may be dropped when its page is left.)
      const change =
        request.method() === 'PUT' ||
        (request.method() === 'POST' &&
          /\/(setup\/test-email|settings\/stripe-webhook)$/.test(request.url()));
      if (change) abortedChanges.push(`${request.method()} ${request.url()}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    // The storage folder is removed with the app: let it be a folder whatever failed.
    rmSync(blocker, { recursive: true, force: true });
    mkdirSync(blocker, { recursive: true });
    await shop?.close();
    rmSync(blocker, { recursive: true, force: true });
  });

  const row = (id: SetupItem['id']) => page.getByTestId(`smi-setup-${id}`);
  /** Waits until the row of `id` shows `state` (the page re-reads the checklist on its own). */
  const rowIs = (id: SetupItem['id'], state: SetupItemState) =>
    page.locator(`[data-testid="smi-setup-${id}"][data-state="${state}"]`).waitFor();
  const summary = () => page.getByTestId('smi-setup-summary');
  const checkAgainButton = () => page.getByRole('button', { name: 'Check again' });
  /** "Check again", until the page has the server's new answer (the button is busy until then). */
  const checkAgain = async () => {
    const read = page.waitForResponse(
      (res) => res.request().method() === 'GET' && res.url().endsWith('/sell-my-images/setup'),
    );
    await checkAgainButton().click();
    expect((await read).status()).toBe(200);
    await until(
      () => checkAgainButton().isEnabled(),
      (enabled) => enabled,
    );
  };
  /** The whole checklist in one picture (the admin scrolls inside its own layout, not the page). */
  const screenshot = async (name: string) => {
    // No hover on the last button clicked, no "Settings saved" toast over the header.
    await page.mouse.move(1430, 150);
    await until(
      () => page.getByText('Settings saved').count(),
      (toasts) => toasts === 0,
    );
    const height = await page
      .getByTestId('smi-setup')
      .evaluate((el) => el.getBoundingClientRect().bottom);
    await page.setViewportSize({ width: 1440, height: Math.ceil(height) + 40 });
    await page.screenshot({ path: screenshotPath(name) });
    await page.setViewportSize({ width: 1440, height: 960 });
  };
  /** Waits until the summary says `words` (a page shows the last answer while it reads anew). */
  const summarySays = (words: string) =>
    summary().filter({ hasText: words }).waitFor({ timeout: 15_000 });
  /** Back to the Overview from a page reached from it, inside the admin (no reload). */
  const backToOverview = async () => {
    await page.goBack();
    await page.waitForURL(/\/admin\/plugins\/sell-my-images$/);
    await summary().waitFor();
  };
  /** A settings section, opened from the checklist row's link the way an owner follows it. */
  const followFix = async (id: SetupItem['id'], link: string, heading: string) => {
    await row(id).getByRole('link', { name: link }).click();
    await page.waitForURL(/\/admin\/settings\/sell-my-images/);
    await page
      .getByRole('heading', { name: heading, level: 2, exact: true })
      .waitFor({ timeout: 60_000 });
  };
  /**
   * Save, and wait for this save's answer: leaving the page while it is in flight aborts it
   * in the browser (an earlier save's toast may still be showing).
   */
  const saveSettings = async () => {
    const saved = page.waitForResponse(
      (res) => res.request().method() === 'PUT' && res.url().endsWith('/sell-my-images/settings'),
    );
    const save = page.getByRole('button', { name: 'Save', exact: true });
    await save.click();
    expect((await saved).status()).toBe(200);
    // The form then holds the server's answer: nothing left to save.
    await until(
      () => save.isDisabled(),
      (disabled) => disabled,
    );
    await page.getByText('Settings saved').first().waitFor();
  };
  /** A Stripe event the plugin does not act on, delivered signed with `secret`. */
  const deliver = (secret: string, id: string) => {
    const payload = JSON.stringify({
      id,
      object: 'event',
      type: 'customer.created',
      api_version: Stripe.API_VERSION,
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      data: { object: { id: 'cus_1', object: 'customer' } },
    });
    return fetch(shop.app.pluginUrl('/webhooks/stripe'), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': signatureHeader(payload, secret),
      },
      body: payload,
    });
  };

  it('shows the Stripe key, the webhook and storage red, the rest green', async () => {
    await page.goto(admin('/plugins/sell-my-images'));
    await summary().waitFor({ timeout: 60_000 });
    for (const id of ['stripe_key', 'stripe_webhook', 'storage'] as const) {
      expect(await row(id).getAttribute('data-state')).toBe('todo');
      expect(await row(id).getByTestId('smi-setup-state').textContent()).toBe('To do');
    }
    for (const id of ['email', 'public_url', 'cron', 'upscaler', 'return_origins'] as const) {
      expect(await row(id).getAttribute('data-state')).toBe('done');
    }
    expect(await summary().textContent()).toContain('3 of 8 still need a look.');
    await row('storage').getByText(`${storageDir} is not writable by Strapi`).waitFor();
    await row('stripe_webhook')
      .getByText(`Set it up with the button, for ${WEBHOOK_URL}.`)
      .waitFor();
    // Without a saved key the webhook cannot be set up yet.
    const setUp = row('stripe_webhook').getByRole('button', { name: 'Set up webhook' });
    expect(await setUp.isDisabled()).toBe(true);
    await screenshot('setup-checklist-red');
  });

  it('turns the Stripe key green (test mode) once it is saved in the payment settings', async () => {
    await followFix('stripe_key', 'Open payment settings', 'Payments');
    await page.getByLabel('Stripe secret key', { exact: true }).fill(shop.stripe.apiKey);
    await saveSettings();

    await backToOverview();
    await rowIs('stripe_key', 'done');
    await row('stripe_key')
      .getByText('A test mode key, accepted by Stripe: no real money moves.')
      .waitFor();
    await summarySays('2 of 8 still need a look.');
  });

  it('"Set up webhook" creates one endpoint with the handled events; a signed event is verified', async () => {
    const setUp = row('stripe_webhook').getByRole('button', { name: 'Set up webhook' });
    await until(
      () => setUp.isEnabled(),
      (enabled) => enabled,
    );
    await setUp.click();
    await rowIs('stripe_webhook', 'done');
    expect(shop.stripe.webhookEndpoints.size).toBe(1);
    const [endpoint] = [...shop.stripe.webhookEndpoints.values()];
    expect(endpoint).toMatchObject({
      url: WEBHOOK_URL,
      enabled_events: [...STRIPE_WEBHOOK_EVENTS],
    });
    await row('stripe_webhook').getByText('Saved in the settings.').waitFor();
    await row('stripe_webhook').getByText('No verified event yet', { exact: false }).waitFor();

    const [secret, ...others] = [...shop.stripe.webhookEndpointSecrets.values()];
    expect(others).toEqual([]);
    const accepted = await deliver(secret ?? '', 'evt_from_the_e2e_test');
    expect(accepted.status).toBe(200);
    await checkAgain();
    await row('stripe_webhook').getByText('Last verified event:', { exact: false }).waitFor();
    expect(await row('stripe_webhook').getByText('No verified event yet').count()).toBe(0);
  });

  it('turns storage green once the folder can be created', async () => {
    rmSync(blocker, { force: true });
    mkdirSync(blocker);
    await checkAgain();
    await rowIs('storage', 'done');
    await row('storage').getByText(`${storageDir} is writable.`).waitFor();
  });

  it('shows Upsampler red without its key, and green once the key is saved', async () => {
    await page
      .getByRole('navigation', { name: 'Sell My Images' })
      .getByRole('link', { name: 'Settings', exact: true })
      .click();
    await page.getByRole('combobox', { name: 'Upscaler' }).click();
    await page.getByRole('option', { name: 'Upsampler (cloud AI)' }).click();
    await saveSettings();
    await backToOverview();
    await rowIs('upscaler', 'todo');
    await summarySays('1 of 8 still need a look.');

    await followFix('upscaler', 'Open upscaler settings', 'Upscaler');
    await page.getByLabel('Upsampler API key', { exact: true }).fill(shop.upsampler.apiKey);
    await saveSettings();
    await backToOverview();
    await rowIs('upscaler', 'done');
    await row('upscaler').getByText('Upsampler (cloud AI): ready.').waitFor();
  });

  it('"Send test e-mail" with no address sends it to the signed-in admin', async () => {
    const email = row('email');
    expect(await email.getByLabel('Send a test e-mail to').inputValue()).toBe('');
    await email.getByRole('button', { name: 'Send test e-mail' }).click();
    await email.getByText(`Sent to ${FIRST_ADMIN.email}`, { exact: false }).waitFor();
    const mail = await shop.smtp.waitForMessage((m) => m.to.includes(FIRST_ADMIN.email));
    expect(mail.subject).toContain('Test e-mail from Sell My Images');
  });

  it('ends ready to sell, every item green', async () => {
    await checkAgain();
    await summarySays('Ready to sell: everything is set up.');
    const states = await page
      .locator('[data-testid^="smi-setup-"][data-state]')
      .evaluateAll((rows) => rows.map((li) => li.getAttribute('data-state')));
    expect(states).toEqual(Array(8).fill('done'));
    expect(abortedChanges).toEqual([]);
    await screenshot('setup-checklist-green');
  });
});
