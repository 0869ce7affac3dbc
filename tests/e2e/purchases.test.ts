import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { screenshotPath } from './helpers/browser';
import { openDemoShop, type DemoShop } from './helpers/demo-shop';
import { axeScan, isFocused, tabTo } from './helpers/page-checks';

/**
 * "My purchases" in real Chromium, by keyboard (README "My purchases"): an element with
 * `data-smi-purchases` opens the dialog, the address is sent, the e-mailed link opens the
 * page, and "Get a fresh link" downloads the very file bought. axe-core finds nothing in
 * the dialog or on the page.
 */
describe('my purchases in the browser (Chromium)', () => {
  let shop: DemoShop;
  const BUYER = 'e2e-purchases@example.test';
  let bought: Buffer;

  beforeAll(async () => {
    shop = await openDemoShop('e2e-purchases');
    const { app, stripe, smtp, images } = shop;
    const res = await fetch(app.pluginUrl('/checkout'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fileId: images[0]?.documentId, resolution: '4x', email: BUYER }),
    });
    expect(res.status).toBe(201);
    const { jobId } = (await res.json()) as { jobId: string };
    const session = [...stripe.sessions.values()].find((s) => s.client_reference_id === jobId);
    await stripe.completeSession(session?.id as string);
    const delivered = await smtp.waitForMessage((m) => m.to.includes(BUYER), 90_000);
    const link = /https?:\/\/\S+\/downloads\/[\w-]{43}/.exec(delivered.text ?? '')?.[0] as string;
    bought = Buffer.from(await (await fetch(link)).arrayBuffer());
    expect(bought.length).toBeGreaterThan(1000);
    await writeFile(
      path.join(app.publicDir, 'demo', 'purchases.html'),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Account</title></head>
<body><main><h1>Your account</h1><p><button type="button" data-smi-purchases>My purchases</button></p></main>
<script src="${app.apiPrefix}/sell-my-images/client.js" defer></script></body></html>`,
    );
  }, 180_000);
  afterAll(async () => shop?.close());

  it('asks by e-mail, opens the e-mailed page and downloads the file again, by keyboard', async () => {
    const { app, smtp, page } = shop;
    await page.goto(`${app.url}/demo/purchases.html`);
    await page.waitForFunction(() => typeof window.SellMyImages?.openPurchases === 'function');
    await tabTo(page, '[data-smi-purchases]');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'My purchases' });
    await dialog.waitFor();
    expect(await isFocused(page, 'input[type=email]')).toBe(true);
    await page.keyboard.type(BUYER);
    expect((await axeScan(page, ['.smi-dialog'])).violations).toEqual([]);
    await page.screenshot({ path: screenshotPath('purchases-dialog') });
    smtp.clear();
    await page.keyboard.press('Enter');
    await dialog.getByText('If this address bought here, a link is on its way').waitFor();
    expect(await isFocused(page, '.smi-close')).toBe(true);
    expect((await axeScan(page, ['.smi-dialog'])).violations).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await isFocused(page, '[data-smi-purchases]')).toBe(true);

    const mail = await smtp.waitForMessage((m) => /Your purchases at/.test(m.subject), 20_000);
    expect(mail.to).toEqual([BUYER]);
    const link = /https?:\/\/\S+\/purchases\?token=[\w%-]+/.exec(mail.text ?? '')?.[0] as string;
    await page.goto(link);
    await page.getByRole('heading', { name: 'Your purchases', level: 1 }).waitFor();
    expect((await axeScan(page)).violations).toEqual([]);
    await page.screenshot({ path: screenshotPath('purchases-page'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 800 });
    await page.screenshot({ path: screenshotPath('purchases-page-mobile'), fullPage: true });
    expect((await axeScan(page)).violations).toEqual([]);

    await tabTo(page, 'form button[type=submit]');
    const download = page.waitForEvent('download');
    await page.keyboard.press('Enter');
    const file = await (await download).path();
    expect((await readFile(file)).equals(bought)).toBe(true);
  });
});
