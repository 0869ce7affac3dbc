import type { Browser, Page } from 'playwright-core';
import { openShop, type Shop } from '../integration/helpers/shop';
import { adminBrowser } from './helpers/admin-users';
import { screenshotPath } from './helpers/browser';
import { axeScan } from './helpers/page-checks';

/**
 * The buyer-experience settings in real Chromium against the playground admin: a cart
 * discount tier and the re-download window are edited, saved and read back after a reload;
 * the three sections pass axe-core with no finding at all.
 */
describe('admin buyer-experience settings (Chromium)', () => {
  let shop: Shop;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    shop = await openShop('e2e-admin-buyer', { SMI_UPSCALER: 'upsampler' });
    ({ browser, page } = await adminBrowser(shop.app, { width: 1440, height: 960 }));
  });

  afterAll(async () => {
    await browser?.close();
    await shop?.close();
  });

  const openSettings = async () => {
    await page.goto(`${shop.app.url}/admin/settings/sell-my-images#cart-discounts`);
    await page
      .getByRole('heading', { name: 'Sell My Images settings', level: 1 })
      .waitFor({ timeout: 60_000 });
    return page.getByRole('region', { name: 'Cart discounts' });
  };

  it('edits a discount tier and the re-download window, saves them and finds them after a reload', async () => {
    const tiers = await openSettings();
    await tiers.getByText(/No cart discounts/).waitFor();
    await tiers.getByRole('button', { name: 'Add tier' }).click();
    await tiers.getByRole('button', { name: 'Add tier' }).click();
    await tiers.getByLabel('Images from which tier 2 applies').fill('6');
    await tiers.getByLabel('Percent off of tier 2').fill('25');
    const purchases = page.getByRole('region', { name: 'My purchases' });
    await purchases.getByLabel('Re-download window (days)').fill('90');

    // Paid previews are offered with Upsampler; the budget follows the toggle.
    const previews = page.getByRole('region', { name: 'Previews' });
    await previews.getByText(/otherwise only if you allow paid previews/).waitFor();
    expect(await previews.getByLabel('Daily credit budget').isDisabled()).toBe(true);

    await tiers.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('admin-buyer-settings') });

    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Settings saved').first().waitFor();
    const stored = await (await shop.adminApi('/settings')).json();
    expect(stored.data.settings.quantityDiscounts).toEqual([
      { minItems: 3, percentOff: 10 },
      { minItems: 6, percentOff: 25 },
    ]);
    expect(stored.data.settings.redownloadDays).toBe(90);

    await page.reload();
    const reloaded = await openSettings();
    expect(await reloaded.getByLabel('Images from which tier 2 applies').inputValue()).toBe('6');
    expect(await reloaded.getByLabel('Percent off of tier 2').inputValue()).toBe('25');
    expect(
      await page
        .getByRole('region', { name: 'My purchases' })
        .getByLabel('Re-download window (days)')
        .inputValue(),
    ).toBe('90');
  });

  it('has no axe-core finding in the buyer-experience sections', async () => {
    await openSettings();
    const { violations, passed } = await axeScan(page, [
      '#previews',
      '#cart-discounts',
      '#purchases',
    ]);
    // The scan covered the tier table's inputs.
    expect(passed).toEqual(expect.arrayContaining(['label']));
    expect(violations).toEqual([]);
  });
});
