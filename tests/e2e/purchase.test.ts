import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { seedDemoImages, writeGalleryPage, type DemoImage } from '../../scripts/demo-seed';
import { startSmtpCapture, type SmtpCapture } from '../fakes/smtp';
import { startStripeFake, type StripeFake } from '../fakes/stripe';
import { registerFirstAdmin } from '../integration/helpers/admin';
import { Playground } from '../integration/helpers/playground';
import { launchBrowser, screenshotPath } from './helpers/browser';

/**
 * A visitor buys an 8x copy on the demo gallery in real Chromium: the button, the dialog
 * with the same prices as GET /prices, the Stripe simulator's page, the return, the
 * status turning into a download link, the file exactly 8x, the same link by e-mail.
 */
describe('purchase in the browser (Chromium)', () => {
  let app: Playground;
  let stripe: StripeFake;
  let smtp: SmtpCapture;
  let browser: Browser;
  let page: Page;
  let images: DemoImage[];

  beforeAll(async () => {
    stripe = await startStripeFake({ retryDelaysMs: [100, 300] });
    smtp = await startSmtpCapture();
    app = await Playground.start({
      label: 'e2e-purchase',
      env: {
        SMI_STRIPE_SECRET_KEY: stripe.apiKey,
        SMI_STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
        SMI_STRIPE_API_URL: stripe.url,
        SMI_UPSCALER: 'sharp',
        SMTP_HOST: smtp.host,
        SMTP_PORT: String(smtp.port),
        SMI_WORKER_POLL_MS: '200',
      },
    });
    stripe.setWebhook(`${app.url}/api/sell-my-images/webhooks/stripe`);
    const admin = await registerFirstAdmin(app);
    images = await seedDemoImages(app.url, admin.token);
    writeGalleryPage(app.publicDir, images, { simulator: true });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.destroy();
    await Promise.all([stripe?.close(), smtp?.close()]);
  });

  it('buys an 8x copy from the gallery and downloads exactly 8x the original', async () => {
    const target = images.find((img) => img.name === 'demo-city-lights.jpg')!;
    await page.goto(`${app.url}/demo/index.html`);
    const buttons = page.getByRole('button', { name: 'Download Hi-Res' });
    await buttons.first().waitFor();
    expect(await buttons.count()).toBe(images.length);
    await page.screenshot({ path: screenshotPath('demo-gallery') });

    await page.locator(`button[data-smi-for="${target.documentId}"]`).click();
    const dialog = page.getByRole('dialog', { name: 'Buy a high-resolution copy' });
    await dialog.getByText('Continue to payment').waitFor();
    const prices = await (await fetch(`${app.url}/api/sell-my-images/prices?fileId=${target.documentId}`)).json();
    for (const option of prices.options) await dialog.getByText(`${option.resolution} — ${option.formatted}`).waitFor();

    await dialog.getByLabel(/^8x/).check();
    await dialog.getByLabel('E-mail for the download link').fill('e2e-buyer@example.test');
    await page.screenshot({ path: screenshotPath('demo-dialog') });
    await dialog.getByRole('button', { name: 'Continue to payment' }).click();

    await page.waitForURL(new RegExp(`^${stripe.url}/checkout/pay/`));
    await page.getByText('Local Stripe simulator').first().waitFor();
    await page.screenshot({ path: screenshotPath('stripe-simulator') });
    await page.getByRole('button', { name: /^Pay \$/ }).click();

    await page.waitForURL(/\/demo\/index\.html\?smi_job=.+&smi_session=cs_/);
    const status = page.getByRole('dialog', { name: 'Your high-resolution image' });
    await status.getByText('Your image is ready.').waitFor({ timeout: 90_000 });
    const link = status.getByRole('link', { name: 'Download' });
    const href = (await link.getAttribute('href'))!;
    await page.screenshot({ path: screenshotPath('demo-ready') });

    const file = Buffer.from(await (await fetch(href)).arrayBuffer());
    const meta = await sharp(file).metadata();
    expect([meta.width, meta.height]).toEqual([target.width * 8, target.height * 8]);

    const mail = await smtp.waitForMessage((m) => m.to.includes('e2e-buyer@example.test'), 20_000);
    expect(mail.text).toContain(href);
  });
});
