import { FIRST_ADMIN } from '../integration/helpers/admin';
import { screenshotPath } from './helpers/browser';
import { openDemoShop, type DemoShop } from './helpers/demo-shop';
import { axeScan, isFocused, tabTo } from './helpers/page-checks';

/**
 * The live before/after preview as a visitor meets it in Chromium, with the keyboard and
 * the mouse only (docs/architecture.md "Previews, cart and purchases"): "Preparing
 * preview…", then the two images with a slider the arrow keys, Home and End move; the
 * buy button stays usable throughout; the same with the local AI upscaler when its
 * packages are installed here.
 */
const localAiInstalled = (() => {
  try {
    require.resolve('@upscalerjs/esrgan-slim');
    return true;
  } catch {
    return false;
  }
})();

describe('live preview in the purchase dialog (Chromium)', () => {
  let shop: DemoShop;
  let token: string;

  const settings = async (json: Record<string, unknown>) => {
    const res = await fetch(`${shop.app.url}/sell-my-images/settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(json),
    });
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    // The upscaler is chosen in the settings (not the environment) so the test can switch it.
    shop = await openDemoShop('e2e-purchase-preview', { SMI_UPSCALER: '' });
    const login = await fetch(`${shop.app.url}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: FIRST_ADMIN.email, password: FIRST_ADMIN.password }),
    });
    token = ((await login.json()) as { data: { token: string } }).data.token;
    await settings({ upscaler: 'sharp', resolutions: ['2x', '4x'] });
  });
  afterAll(async () => shop?.close());

  const openDialog = async (name: string) => {
    const target = shop.images.find((img) => img.name === name)!;
    await shop.page.goto(`${shop.app.url}/demo/index.html`);
    await tabTo(shop.page, `button[data-smi-for="${target.documentId}"]`);
    await shop.page.keyboard.press('Enter');
    const dialog = shop.page.getByRole('dialog', { name: 'Buy a high-resolution copy' });
    await dialog.getByText('Continue to payment').waitFor();
    return dialog;
  };

  it('shows "Preparing preview…", then a keyboard slider between the two images (sharp)', async () => {
    const { page } = shop;
    const dialog = await openDialog('demo-city-lights.jpg');
    // Never waits for the preview: the buy button is usable while it is prepared.
    expect(await dialog.getByRole('button', { name: 'Continue to payment' }).isEnabled()).toBe(
      true,
    );
    await dialog.getByText('Preparing preview…').waitFor();
    const slider = dialog.getByRole('slider', { name: 'Compare before and after' });
    await slider.waitFor({ timeout: 60_000 });
    await dialog.getByText('After: Lanczos resize (non-AI)').waitFor();
    await dialog.locator('.smi-pv img[alt="After"]').waitFor();
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLImageElement>('.smi-pv img')].every(
        (img) => img.complete && img.naturalWidth > 0,
      ),
    );
    expect(await slider.getAttribute('aria-valuemin')).toBe('0');
    expect(await slider.getAttribute('aria-valuemax')).toBe('100');
    expect(await slider.getAttribute('aria-valuenow')).toBe('50');

    await tabTo(page, '.smi-pv-h');
    expect(await isFocused(page, '[role=slider]:focus-visible')).toBe(true);
    await page.keyboard.press('ArrowRight');
    expect(await slider.getAttribute('aria-valuenow')).toBe('55');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect(await slider.getAttribute('aria-valuenow')).toBe('45');
    await page.keyboard.press('End');
    expect(await slider.getAttribute('aria-valuenow')).toBe('100');
    await page.keyboard.press('Home');
    expect(await slider.getAttribute('aria-valuenow')).toBe('0');
    // The mouse drags it too.
    const box = (await dialog.locator('.smi-pv').boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.75, box.y + box.height / 2);
    expect(Number(await slider.getAttribute('aria-valuenow'))).toBeGreaterThanOrEqual(70);
    await page.screenshot({ path: screenshotPath('purchase-preview-sharp') });

    const { violations, passed } = await axeScan(page, ['.smi-dialog']);
    expect(passed).toEqual(expect.arrayContaining(['aria-allowed-attr', 'image-alt']));
    expect(violations).toEqual([]);

    // Another resolution, another preview.
    const before = await dialog.locator('.smi-pv img[alt="After"]').getAttribute('src');
    await tabTo(page, 'input[name=smi-resolution]:checked');
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(
      (src) => document.querySelector('.smi-pv img[alt="After"]')?.getAttribute('src') !== src,
      before,
      { timeout: 60_000 },
    );
  });

  (localAiInstalled ? it : it.skip)(
    'shows the local AI preview, labelled so',
    async () => {
      await settings({ upscaler: 'local-ai', localAiTileSize: 64, resolutions: ['2x'] });
      // Local AI on a shared test machine can outlast the dialog's bounded polling: the
      // preview is made first (through the same route), then the dialog shows it.
      const target = shop.images.find((img) => img.name === 'demo-alpine-lake.jpg')!;
      const url = shop.app.pluginUrl(`/previews?fileId=${target.documentId}&resolution=2x`);
      for (let i = 0; i < 120; i++) {
        const answer = (await (await fetch(url)).json()) as { state: string };
        if (answer.state !== 'preparing') break;
        await new Promise((done) => setTimeout(done, 2_500));
      }
      const dialog = await openDialog('demo-alpine-lake.jpg');
      await dialog.getByRole('slider').waitFor({ timeout: 60_000 });
      await dialog.getByText(/^After: AI \(ESRGAN, on this server\)/).waitFor();
      await shop.page.screenshot({ path: screenshotPath('purchase-preview-local-ai') });
      const { violations } = await axeScan(shop.page, ['.smi-dialog']);
      expect(violations).toEqual([]);
    },
    360_000,
  );
});
