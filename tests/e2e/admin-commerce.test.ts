import type { Browser, Page } from 'playwright-core';
import { openShop, type Shop } from '../integration/helpers/shop';
import { adminBrowser } from './helpers/admin-users';
import { screenshotPath } from './helpers/browser';
import { axeScan } from './helpers/page-checks';

/**
 * The selling settings in real Chromium against the playground admin (issue 16): the
 * licence table is edited, saved and read back after a reload, and the live price preview
 * prices each licence; the sections pass axe-core and the editor works from the keyboard.
 */
describe('admin selling settings (Chromium)', () => {
  let shop: Shop;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    shop = await openShop('e2e-admin-commerce', { SMI_UPSCALER: 'sharp' });
    ({ browser, page } = await adminBrowser(shop.app, { width: 1440, height: 960 }));
  });

  afterAll(async () => {
    await browser?.close();
    await shop?.close();
  });

  const openSettings = async () => {
    await page.goto(`${shop.app.url}/admin/settings/sell-my-images#licences`);
    await page
      .getByRole('heading', { name: 'Sell My Images settings', level: 1 })
      .waitFor({ timeout: 60_000 });
    return page.getByRole('region', { name: 'Licences' });
  };
  const previewRow = () =>
    page
      .getByRole('table', { name: 'Price preview' })
      .getByRole('row')
      .filter({ hasText: '2,000 × 2,000 px' });

  it('edits the licence table, saves it, finds it after a reload, and the preview prices each licence', async () => {
    const licences = await openSettings();
    await licences.getByText(/No licences/).waitFor();
    // Reference (docs/architecture.md "Money rules"): markup 200 % → 2000×2000 at 4x sells at $1.92.
    await page.getByLabel('Markup (%)').fill('200');
    await previewRow().getByText('$1.92').first().waitFor();

    // Added from the keyboard: the button is reached by Tab order and pressed with Enter.
    await licences.getByRole('button', { name: 'Add licence' }).focus();
    await page.keyboard.press('Enter');
    await licences.getByLabel('Name of licence 1').fill('Personal');
    expect(await licences.getByLabel('Id of licence 1').inputValue()).toBe('personal');
    await licences.getByRole('button', { name: 'Add licence' }).click();
    await licences.getByLabel('Name of licence 2').fill('Commercial use');
    expect(await licences.getByLabel('Id of licence 2').inputValue()).toBe('commercial-use');
    await licences.getByLabel('Price multiplier of licence 2').fill('3');
    await licences.getByLabel('Text of licence 2').fill('Any commercial use, worldwide.');

    // The preview follows: each licence's price in each cell (×3 of $1.92 = $5.76).
    await previewRow().getByText('Personal: $1.92').first().waitFor();
    await previewRow().getByText('Commercial use: $5.76').first().waitFor();

    await licences.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('admin-commerce-licences'), fullPage: false });
    await page.getByRole('table', { name: 'Price preview' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('admin-commerce-preview') });

    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Settings saved').first().waitFor();
    const stored = await (await shop.adminApi('/settings')).json();
    expect(stored.data.settings.licences).toEqual([
      { id: 'personal', name: 'Personal', multiplierPercent: 100, text: '' },
      {
        id: 'commercial-use',
        name: 'Commercial use',
        multiplierPercent: 300,
        text: 'Any commercial use, worldwide.',
      },
    ]);

    await page.reload();
    const reloaded = await openSettings();
    expect(await reloaded.getByLabel('Name of licence 1').inputValue()).toBe('Personal');
    expect(await reloaded.getByLabel('Name of licence 2').inputValue()).toBe('Commercial use');
    expect(await reloaded.getByLabel('Price multiplier of licence 2').inputValue()).toBe('3');
    expect(await reloaded.getByLabel('Text of licence 2').inputValue()).toBe(
      'Any commercial use, worldwide.',
    );
    await previewRow().getByText('Personal: $1.92').first().waitFor();
    await previewRow().getByText('Commercial use: $5.76').first().waitFor();

    // Moving a row reorders the preview's licences too.
    await reloaded.getByRole('button', { name: 'Move Commercial use up' }).click();
    expect(await reloaded.getByLabel('Name of licence 1').inputValue()).toBe('Commercial use');
  });

  it('has no serious or critical axe-core violation in the selling sections', async () => {
    await openSettings();
    const { blocking, passed } = await axeScan(page, ['#tax', '#checkout', '#licences', '#rights']);
    // The scan covered the licence table's inputs.
    expect(passed).toEqual(expect.arrayContaining(['label']));
    expect(blocking).toEqual([]);
  });
});
