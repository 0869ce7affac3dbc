import type { Browser, Page } from 'playwright-core';
import {
  seedDemoEntries,
  seedDemoImages,
  writeGalleryPage,
  type DemoImage,
} from '../../scripts/demo-seed';
import { startSmtpCapture, type SmtpCapture } from '../fakes/smtp';
import { startStripeFake, type StripeFake } from '../fakes/stripe';
import { registerFirstAdmin } from '../integration/helpers/admin';
import { Playground } from '../integration/helpers/playground';
import { launchBrowser, screenshotPath } from './helpers/browser';

/**
 * A stricter site than the demo's defaults: Strapi's REST API under another prefix than
 * `/api`, and the gallery page served with a Content-Security-Policy that allows no
 * inline style or script. The helper script finds its routes from its own address, its
 * dialog is styled, every link carries the prefix, the return parameters leave the
 * address bar, and a second purchase from the return page shows the second job.
 */
const PREFIX = '/store-api';
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
].join('; ');

describe('purchase on a strict site (Chromium, CSP without unsafe-inline, API prefix)', () => {
  let app: Playground;
  let stripe: StripeFake;
  let smtp: SmtpCapture;
  let browser: Browser;
  let page: Page;
  let images: DemoImage[];
  const violations: string[] = [];

  beforeAll(async () => {
    stripe = await startStripeFake({ retryDelaysMs: [100, 300] });
    smtp = await startSmtpCapture();
    app = await Playground.start({
      label: 'e2e-strict',
      env: {
        API_REST_PREFIX: PREFIX,
        SMI_STRIPE_SECRET_KEY: stripe.apiKey,
        SMI_STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
        SMI_STRIPE_API_URL: stripe.url,
        SMI_UPSCALER: 'sharp',
        SMTP_HOST: smtp.host,
        SMTP_PORT: String(smtp.port),
        SMI_WORKER_POLL_MS: '200',
      },
    });
    stripe.setWebhook(app.pluginUrl('/webhooks/stripe'));
    const admin = await registerFirstAdmin(app);
    images = await seedDemoImages(app.url, admin.token);
    await seedDemoEntries(app.url, admin.token, images);
    writeGalleryPage(app.publicDir, { simulator: true, apiPrefix: PREFIX });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // The gallery page (with or without the return parameters) under the strict policy.
    await page.route(/\/demo\/index\.html(\?.*)?$/, async (route) => {
      const response = await route.fetch();
      await route.fulfill({
        response,
        headers: { ...response.headers(), 'content-security-policy': CSP },
      });
    });
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.destroy();
    await Promise.all([stripe?.close(), smtp?.close()]);
  });

  /** Buys `name` at 4x from the page on screen; resolves on the return page. */
  async function buy(name: string, email: string) {
    const target = images.find((img) => img.name === name)!;
    await page.locator(`button[data-smi-for="${target.documentId}"]`).click();
    const dialog = page.getByRole('dialog', { name: 'Buy a high-resolution copy' });
    await dialog.getByText('Continue to payment').waitFor();
    await dialog.getByLabel(/^4x/).check();
    await dialog.getByLabel('E-mail for the download link').fill(email);
    await dialog.getByRole('button', { name: 'Continue to payment' }).click();
    await page.waitForURL(new RegExp(`^${stripe.url}/checkout/pay/`));
    await page.getByRole('button', { name: /^Pay \$/ }).click();
    await page.waitForURL(/\/demo\/index\.html/);
    const status = page.getByRole('dialog', { name: 'Your high-resolution image' });
    await status.getByText('Your image is ready.').waitFor({ timeout: 90_000 });
    return (await status.getByRole('link', { name: 'Download' }).getAttribute('href'))!;
  }

  it('styles the dialog without inline styles', async () => {
    await page.goto(`${app.url}/demo/index.html`);
    const target = images[0];
    await page.locator(`button[data-smi-for="${target.documentId}"]`).click();
    const dialog = page.getByRole('dialog', { name: 'Buy a high-resolution copy' });
    await dialog.getByText('Continue to payment').waitFor();
    const styles = await page.evaluate(() => {
      const backdrop = document.querySelector('.smi-backdrop') as HTMLElement;
      const box = document.querySelector('.smi-dialog') as HTMLElement;
      return {
        backdrop: getComputedStyle(backdrop).position,
        background: getComputedStyle(box).backgroundColor,
        radius: getComputedStyle(box).borderTopLeftRadius,
      };
    });
    await page.screenshot({ path: screenshotPath('strict-csp-dialog') });
    expect(styles).toEqual({ backdrop: 'fixed', background: 'rgb(255, 255, 255)', radius: '8px' });
    expect(violations).toEqual([]);
    await page.keyboard.press('Escape');
  });

  it('buys under the prefix, clears the address bar, and a second purchase shows the second job', async () => {
    await page.goto(`${app.url}/demo/index.html`);
    const first = await buy('demo-city-lights.jpg', 'strict-1@example.test');
    expect(first.startsWith(`${app.url}${PREFIX}/sell-my-images/downloads/`)).toBe(true);
    expect((await fetch(first)).status).toBe(200);
    // the return parameters (the Checkout Session id among them) left the address bar
    await page.waitForURL((url) => !url.search.includes('smi_'));
    expect(page.url()).toBe(`${app.url}/demo/index.html`);

    // a second purchase from the return page
    await page.keyboard.press('Escape');
    const second = await buy('demo-desert-dunes.jpg', 'strict-2@example.test');
    expect(second).not.toBe(first);
    const [secondSession] = [...stripe.sessions.values()].filter((s) =>
      s.customer_email?.includes('strict-2'),
    );
    expect(
      new URL(secondSession.success_url as string).searchParams.getAll('smi_job'),
    ).toHaveLength(1);
    const mail = await smtp.waitForMessage((m) => m.to.includes('strict-2@example.test'), 20_000);
    expect(mail.text).toContain(second);
    expect(violations).toEqual([]);
  });
});
