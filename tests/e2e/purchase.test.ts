import sharp from 'sharp';
import { screenshotPath } from './helpers/browser';
import { openDemoShop, type DemoShop } from './helpers/demo-shop';
import { axeScan, isFocused, tabTo } from './helpers/page-checks';

/**
 * A visitor buys an 8x copy on the demo gallery in real Chromium: the button, the dialog
 * with the same prices as GET /prices, the Stripe simulator's page, the return, the
 * status turning into a download link, the file exactly 8x, the same link by e-mail.
 */
describe('purchase in the browser (Chromium)', () => {
  let shop: DemoShop;
  let app: DemoShop['app'];
  let stripe: DemoShop['stripe'];
  let smtp: DemoShop['smtp'];
  let page: DemoShop['page'];
  let images: DemoShop['images'];

  beforeAll(async () => {
    shop = await openDemoShop('e2e-purchase');
    ({ app, stripe, smtp, page, images } = shop);
  });

  afterAll(async () => shop?.close());

  /**
   * Stripe's return to the gallery with the job and session. Watched as a request: the
   * helper script clears them from the address bar as soon as it has read them, which
   * can be before the page's load event. Then the address bar is clean.
   */
  async function returnedFromStripe(): Promise<void> {
    const request = await page.waitForRequest(/\/demo\/index\.html\?smi_job=.+&smi_session=cs_/);
    expect(request.isNavigationRequest()).toBe(true);
    await page.waitForURL(
      (url) => url.pathname.endsWith('/demo/index.html') && !url.search.includes('smi_'),
    );
  }

  it('renders the gallery from the published demo entries of the REST API', async () => {
    const api = (await (await fetch(`${app.url}/api/photos?populate=image`)).json()) as {
      data: Array<{ title: string; image: { documentId: string } }>;
    };
    expect(api.data).toHaveLength(images.length);
    await page.goto(`${app.url}/demo/index.html`);
    await page.getByRole('button', { name: 'Download Hi-Res' }).first().waitFor();
    const rendered = await page
      .locator('img[data-smi-file-id]')
      .evaluateAll((els) => els.map((el) => (el as HTMLImageElement).dataset.smiFileId));
    expect(rendered.sort()).toEqual(api.data.map((entry) => entry.image.documentId).sort());
    for (const entry of api.data)
      await page.getByRole('figure').filter({ hasText: entry.title }).waitFor();
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
    const prices = await (
      await fetch(`${app.url}/api/sell-my-images/prices?fileId=${target.documentId}`)
    ).json();
    for (const option of prices.options)
      await dialog.getByText(`${option.resolution} — ${option.formatted}`).waitFor();

    await dialog.getByLabel(/^8x/).check();
    await dialog.getByLabel('E-mail for the download link').fill('e2e-buyer@example.test');
    await page.screenshot({ path: screenshotPath('demo-dialog') });
    await dialog.getByRole('button', { name: 'Continue to payment' }).click();

    await page.waitForURL(new RegExp(`^${stripe.url}/checkout/pay/`));
    await page.getByText('Local Stripe simulator').first().waitFor();
    await page.screenshot({ path: screenshotPath('stripe-simulator') });
    const back = returnedFromStripe();
    await page.getByRole('button', { name: /^Pay \$/ }).click();
    await back;
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

  it('has no serious or critical axe-core violation with the dialog open', async () => {
    const target = images.find((img) => img.name === 'demo-alpine-lake.jpg')!;
    await page.goto(`${app.url}/demo/index.html`);
    await page.locator(`button[data-smi-for="${target.documentId}"]`).click();
    await page
      .getByRole('dialog', { name: 'Buy a high-resolution copy' })
      .getByText('Continue to payment')
      .waitFor();
    const { blocking, passed } = await axeScan(page);
    // The scan really covered the open dialog (these rules only apply to it).
    expect(passed).toEqual(expect.arrayContaining(['aria-dialog-name', 'label']));
    expect(blocking).toEqual([]);
  });

  it('buys a 4x copy with the keyboard only', async () => {
    const target = images.find((img) => img.name === 'demo-desert-dunes.jpg')!;
    await page.goto(`${app.url}/demo/index.html`);
    const button = page.locator(`button[data-smi-for="${target.documentId}"]`);
    await button.waitFor();

    // Open with Enter, close with Esc: the focus comes back to the button.
    await tabTo(page, `button[data-smi-for="${target.documentId}"]`);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Buy a high-resolution copy' });
    await dialog.getByText('Continue to payment').waitFor();
    expect(
      await page.evaluate(() => Boolean(document.activeElement?.closest('[role=dialog]'))),
    ).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await isFocused(page, `button[data-smi-for="${target.documentId}"]`)).toBe(true);

    // The focus stays inside the dialog: many Tabs never leave it.
    await page.keyboard.press('Enter');
    await dialog.getByText('Continue to payment').waitFor();
    for (let i = 0; i < 12; i += 1) {
      await page.keyboard.press('Tab');
      expect(
        await page.evaluate(() => Boolean(document.activeElement?.closest('[role=dialog]'))),
      ).toBe(true);
    }

    // Choose 4x with the arrow keys, type the e-mail, submit with Enter.
    await tabTo(page, 'input[name=smi-resolution]:checked');
    const checked = () =>
      page.evaluate(
        () =>
          (document.querySelector('input[name=smi-resolution]:checked') as HTMLInputElement).value,
      );
    for (let i = 0; i < 4 && (await checked()) !== '4x'; i += 1)
      await page.keyboard.press('ArrowDown');
    expect(await checked()).toBe('4x');
    await tabTo(page, 'input[type=email]');
    await page.keyboard.type('keyboard-buyer@example.test');
    await page.keyboard.press('Enter');

    // The Stripe simulator's page, by keyboard too.
    await page.waitForURL(new RegExp(`^${stripe.url}/checkout/pay/`));
    await tabTo(page, 'button[value=paid]');
    const back = returnedFromStripe();
    await page.keyboard.press('Enter');
    await back;
    const status = page.getByRole('dialog', { name: 'Your high-resolution image' });
    await status.getByText('Your image is ready.').waitFor({ timeout: 90_000 });
    await tabTo(page, '.smi-dialog a[href*="/downloads/"]');
    const href = (await page.evaluate(() => (document.activeElement as HTMLAnchorElement).href))!;
    const file = Buffer.from(await (await fetch(href)).arrayBuffer());
    const meta = await sharp(file).metadata();
    expect([meta.width, meta.height]).toEqual([target.width * 4, target.height * 4]);
    const mail = await smtp.waitForMessage(
      (m) => m.to.includes('keyboard-buyer@example.test'),
      20_000,
    );
    expect(mail.text).toContain(href);
  });
});
