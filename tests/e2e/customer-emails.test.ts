import type { Browser, Page } from 'playwright-core';
import { buySettled, openShop, type Shop } from '../integration/helpers/shop';
import { adminBrowser } from './helpers/admin-users';
import { screenshotPath } from './helpers/browser';

/**
 * The "Customer e-mails" page in real Chromium (README "Customer e-mails"): the owner opens
 * it from the plugin's navigation, edits the English completion e-mail, watches the preview
 * follow, saves, and the next buyer receives exactly that e-mail with the real link; a
 * French buyer still gets the French default.
 */
describe('customer e-mails (Chromium)', () => {
  let shop: Shop;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    shop = await openShop('e2e-customer-emails', { SMI_UPSCALER: 'sharp' });
    ({ browser, page } = await adminBrowser(shop.app, { width: 1440, height: 1000 }));
  });
  afterAll(async () => {
    await browser?.close();
    await shop?.close();
  });

  it('saves an edited e-mail from the admin, and the buyer receives it', async () => {
    await page.goto(`${shop.app.url}/admin/plugins/sell-my-images`);
    await page.getByRole('link', { name: 'Customer e-mails' }).click();
    const subject = page.getByRole('textbox', { name: 'Subject' });
    await subject.waitFor();
    await subject.fill('Your copy of {{imageName}} is here');
    await page
      .getByRole('textbox', { name: 'Body' })
      .fill('# Ready\n\nHello! [Get it]({{downloadUrl}})\n\nUntil {{expiresAt}}.');
    const preview = page.frameLocator('iframe[title="E-mail preview"]');
    await preview.getByRole('link', { name: 'Get it' }).waitFor();
    await page
      .getByTestId('preview-subject')
      .getByText('Your copy of harbour-at-dawn.jpg is here')
      .waitFor();
    await page.screenshot({ path: screenshotPath('admin-customer-emails'), fullPage: true });
    const saved = page.waitForResponse(
      (res) => res.request().method() === 'PUT' && res.url().endsWith('/sell-my-images/settings'),
    );
    await page.getByRole('button', { name: 'Save' }).click();
    expect((await saved).status()).toBe(200);
    await page.getByText('Edited', { exact: true }).waitFor();

    await buySettled(shop, {
      fileId: shop.images.small.documentId,
      resolution: '4x',
      email: 'e2e-edited@example.test',
    });
    const mail = await shop.smtp.waitForMessage((m) => m.to.includes('e2e-edited@example.test'));
    expect(mail.subject).toBe('Your copy of small.png is here');
    const link = /Get it: (\S+)/.exec(mail.text ?? '')?.[1];
    expect(link).toMatch(/\/api\/sell-my-images\/downloads\/[A-Za-z0-9_-]{43}$/);
    expect(mail.html).toContain(`href="${link}"`);
    expect((await fetch(link!, { method: 'HEAD' })).status).toBe(200);

    await buySettled(shop, {
      fileId: shop.images.small.documentId,
      resolution: '4x',
      email: 'e2e-fr@example.test',
      locale: 'fr-FR',
    });
    const french = await shop.smtp.waitForMessage((m) => m.to.includes('e2e-fr@example.test'));
    expect(french.subject).toMatch(/^Votre image haute résolution est prête/);
  });
});
