import { screenshotPath } from './helpers/browser';
import { openDemoShop, type DemoShop } from './helpers/demo-shop';

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
  let shop: DemoShop;
  const violations: string[] = [];

  beforeAll(async () => {
    shop = await openDemoShop('e2e-strict', { API_REST_PREFIX: PREFIX });
    const { page } = shop;
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

  afterAll(async () => shop?.close());

  /** Buys `name` at 4x from the page on screen; resolves on the return page. */
  async function buy(name: string, email: string) {
    const target = shop.images.find((img) => img.name === name)!;
    await shop.page.locator(`button[data-smi-for="${target.documentId}"]`).click();
    const dialog = shop.page.getByRole('dialog', { name: 'Buy a high-resolution copy' });
    await dialog.getByText('Continue to payment').waitFor();
    await dialog.getByLabel(/^4x/).check();
    await dialog.getByLabel('E-mail for the download link').fill(email);
    await dialog.getByRole('button', { name: 'Continue to payment' }).click();
    await shop.page.waitForURL(new RegExp(`^${shop.stripe.url}/checkout/pay/`));
    await shop.page.getByRole('button', { name: /^Pay \$/ }).click();
    await shop.page.waitForURL(/\/demo\/index\.html/);
    const status = shop.page.getByRole('dialog', { name: 'Your high-resolution image' });
    await status.getByText('Your image is ready.').waitFor({ timeout: 90_000 });
    return (await status.getByRole('link', { name: 'Download' }).getAttribute('href'))!;
  }

  it('styles the dialog without inline styles', async () => {
    await shop.page.goto(`${shop.app.url}/demo/index.html`);
    const target = shop.images[0];
    await shop.page.locator(`button[data-smi-for="${target.documentId}"]`).click();
    const dialog = shop.page.getByRole('dialog', { name: 'Buy a high-resolution copy' });
    await dialog.getByText('Continue to payment').waitFor();
    const styles = await shop.page.evaluate(() => {
      const backdrop = document.querySelector('.smi-backdrop') as HTMLElement;
      const box = document.querySelector('.smi-dialog') as HTMLElement;
      return {
        backdrop: getComputedStyle(backdrop).position,
        background: getComputedStyle(box).backgroundColor,
        radius: getComputedStyle(box).borderTopLeftRadius,
      };
    });
    await shop.page.screenshot({ path: screenshotPath('strict-csp-dialog') });
    expect(styles).toEqual({ backdrop: 'fixed', background: 'rgb(255, 255, 255)', radius: '8px' });
    expect(violations).toEqual([]);
    await shop.page.keyboard.press('Escape');
  });

  it('buys under the prefix, clears the address bar, and a second purchase shows the second job', async () => {
    await shop.page.goto(`${shop.app.url}/demo/index.html`);
    const first = await buy('demo-city-lights.jpg', 'strict-1@example.test');
    expect(first.startsWith(`${shop.app.url}${PREFIX}/sell-my-images/downloads/`)).toBe(true);
    expect((await fetch(first)).status).toBe(200);
    // the return parameters (the Checkout Session id among them) left the address bar
    await shop.page.waitForURL((url) => !url.search.includes('smi_'));
    expect(shop.page.url()).toBe(`${shop.app.url}/demo/index.html`);

    // a second purchase from the return page
    await shop.page.keyboard.press('Escape');
    const second = await buy('demo-desert-dunes.jpg', 'strict-2@example.test');
    expect(second).not.toBe(first);
    const [secondSession] = [...shop.stripe.sessions.values()].filter((s) =>
      s.customer_email?.includes('strict-2'),
    );
    expect(
      new URL(secondSession.success_url as string).searchParams.getAll('smi_job'),
    ).toHaveLength(1);
    const mail = await shop.smtp.waitForMessage(
      (m) => m.to.includes('strict-2@example.test'),
      20_000,
    );
    expect(mail.text).toContain(second);
    expect(violations).toEqual([]);
  });
});
