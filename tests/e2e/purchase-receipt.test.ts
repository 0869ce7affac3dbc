import { screenshotPath } from './helpers/browser';
import { openDemoShop, type DemoShop } from './helpers/demo-shop';
import { axeScan, isFocused } from './helpers/page-checks';

/**
 * After paying on the demo gallery, the visitor comes back to a dialog that says what was
 * bought (README "After payment"): thumbnail, title, resolution and pixels, format and size,
 * how long the link works and the masked address it was also sent to.
 */
describe('purchase receipt in the browser (Chromium)', () => {
  let shop: DemoShop;

  beforeAll(async () => {
    shop = await openDemoShop('e2e-receipt');
  });
  afterAll(async () => shop?.close());

  it('returns from Stripe to a dialog that says what was bought, with no axe-core violation', async () => {
    const { app, page, images, stripe } = shop;
    const target = images.find((img) => img.name === 'demo-harbour-dawn.jpg')!;
    await page.goto(`${app.url}/demo/index.html`);
    await page.locator(`button[data-smi-for="${target.documentId}"]`).click();
    const buy = page.getByRole('dialog', { name: 'Buy a high-resolution copy' });
    await buy.getByLabel(/^4x/).check();
    await buy.getByLabel('E-mail for the download link').fill('receipt-buyer@example.test');
    await buy.getByRole('button', { name: 'Continue to payment' }).click();
    await page.waitForURL(new RegExp(`^${stripe.url}/checkout/pay/`));
    const back = page.waitForRequest(/\/demo\/index\.html\?smi_job=.+&smi_session=cs_/);
    await page.getByRole('button', { name: /^Pay \$/ }).click();
    await back;

    const dialog = page.getByRole('dialog', { name: 'Your high-resolution image' });
    await dialog.getByRole('status').getByText('Your image is ready.').waitFor({ timeout: 90_000 });
    const link = dialog.getByRole('link', { name: 'Download: Harbour at dawn' });
    await link.waitFor();
    expect(await isFocused(page, '.smi-dialog a[href*="/downloads/"]')).toBe(true);

    // the thumbnail is Strapi's small format of the image, loaded
    const thumbnail = dialog.locator('img');
    expect(await thumbnail.getAttribute('src')).toMatch(/\/uploads\/thumbnail_/);
    await page.waitForFunction(
      () => (document.querySelector('.smi-dialog img') as HTMLImageElement | null)?.complete,
    );
    expect(
      await thumbnail.evaluate((img) => (img as HTMLImageElement).naturalWidth),
    ).toBeGreaterThan(0);

    await dialog.getByText('Harbour at dawn', { exact: true }).waitFor();
    await dialog.getByText(`4x · ${target.width * 4} × ${target.height * 4} px`).waitFor();
    const size = await dialog.getByText(/^JPEG, \d+(\.\d)? MB$/).textContent();
    const bytes = Number(
      (await fetch((await link.getAttribute('href'))!, { method: 'HEAD' })).headers.get(
        'content-length',
      ),
    );
    expect(size).toBe(
      `JPEG, ${(bytes / 1e6).toLocaleString('en-US', { maximumFractionDigits: 1 })} MB`,
    );
    await dialog
      .getByText(/^Link works until .+ · downloads left: \d+$|^Link works until .+$/)
      .waitFor();
    await dialog.getByText('Also sent to r•••@example.test').waitFor();
    expect(await dialog.textContent()).not.toContain('receipt-buyer@');

    await page.screenshot({ path: screenshotPath('purchase-receipt') });
    const { violations, passed } = await axeScan(page, ['.smi-dialog']);
    expect(passed).toEqual(expect.arrayContaining(['aria-dialog-name', 'image-alt']));
    expect(violations).toEqual([]);
  });
});
