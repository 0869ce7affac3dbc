import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type { CartItem, CartQuote } from '../../shared/contracts/cart';
import { screenshotPath } from './helpers/browser';
import { openDemoShop, type DemoShop } from './helpers/demo-shop';
import { axeScan, isFocused, tabTo } from './helpers/page-checks';

/**
 * The cart in real Chromium, driven by mouse and keyboard only, on the demo gallery with
 * `data-cart` on the script tag: three lines added from the buy dialog, the cart priced by
 * the server, one Stripe Checkout Session with three line items, three jobs of one order,
 * one e-mail, and an empty cart after the return.
 */
describe('cart in the browser (Chromium)', () => {
  let shop: DemoShop;
  let db: Knex;
  let cartPage: string;

  beforeAll(async () => {
    shop = await openDemoShop('e2e-cart');
    db = shop.app.database.connect();
    // The demo gallery with the cart turned on (`data-cart` on the helper's script tag).
    const dir = path.join(shop.app.publicDir, 'demo');
    const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
    const withCart = html.replace(
      '/sell-my-images/client.js"',
      '/sell-my-images/client.js" data-cart',
    );
    expect(withCart).not.toBe(html);
    writeFileSync(path.join(dir, 'cart.html'), withCart);
    cartPage = `${shop.app.url}/demo/cart.html`;
  });

  afterAll(async () => {
    await db?.destroy();
    await shop?.close();
  });

  const fileOf = (name: string) => shop.images.find((image) => image.name === name)!;
  const buyDialog = () => shop.page.getByRole('dialog', { name: 'Buy a high-resolution copy' });
  const cartButton = () => shop.page.getByRole('button', { name: /^Cart \(\d+\)$/ });

  /** Opens the buy dialog of `name` with the mouse, picks `resolutions` one by one and adds each. */
  async function addWithMouse(name: string, resolutions: string[]): Promise<string> {
    const { page } = shop;
    await page.locator(`button[data-smi-for="${fileOf(name).documentId}"]`).click();
    const dialog = buyDialog();
    await dialog.getByText('Continue to payment').waitFor();
    let said = '';
    for (const resolution of resolutions) {
      await dialog.getByLabel(new RegExp(`^${resolution}`)).check();
      await dialog.getByRole('button', { name: 'Add to cart' }).click();
      said = (await dialog.getByRole('status').last().textContent()) ?? '';
    }
    return said;
  }

  it('adds three lines with the mouse, checks out once and pays for three jobs of one order', async () => {
    const { page, stripe, smtp, app } = shop;
    await page.goto(cartPage);
    await page.getByRole('button', { name: 'Download Hi-Res' }).first().waitFor();
    // Empty: the fixed cart button waits.
    expect(await cartButton().isVisible()).toBe(false);

    expect(await addWithMouse('demo-desert-dunes.jpg', ['4x', '8x'])).toBe(
      'Added to the cart. Cart (2)',
    );
    // The same line again is not added twice, and says so.
    await buyDialog().getByRole('button', { name: 'Add to cart' }).click();
    await buyDialog().getByText('Already in the cart. Cart (2)').waitFor();
    await page.screenshot({ path: screenshotPath('cart-buy-dialog') });
    const inDialog = await axeScan(page, ['.smi-dialog']);
    expect(inDialog.passed).toEqual(expect.arrayContaining(['aria-dialog-name', 'label']));
    expect(inDialog.violations).toEqual([]);
    await buyDialog().getByRole('button', { name: 'Close' }).click();

    expect(await addWithMouse('demo-city-lights.jpg', ['4x'])).toBe('Added to the cart. Cart (3)');
    await buyDialog().getByRole('button', { name: 'Close' }).click();
    await cartButton().waitFor();
    expect(await cartButton().textContent()).toBe('Cart (3)');

    // The cart shows the three lines and the total the server quotes for them.
    const items = await page.evaluate(
      (key) => JSON.parse(localStorage.getItem(key) ?? '[]') as string[],
      `smi-cart:${app.url}`,
    );
    expect(items).toHaveLength(3);
    const asItems: CartItem[] = items.map((line) => {
      const [fileId, resolution] = line.split('|');
      return { fileId, resolution };
    });
    const quote = (await (
      await fetch(app.pluginUrl('/cart/quote'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ items: asItems }),
      })
    ).json()) as CartQuote;
    expect(quote.lines.every((line) => line.available)).toBe(true);

    await cartButton().click();
    const cart = page.getByRole('dialog', { name: 'Your cart' });
    await cart.getByText(`Total: ${quote.formattedTotal}`).waitFor();
    expect(await cart.getByRole('listitem').count()).toBe(3);
    for (const line of quote.lines) {
      const row = cart.getByRole('listitem').filter({ hasText: line.title });
      await row
        .filter({ hasText: line.formatted })
        .filter({ hasText: line.resolution })
        .first()
        .waitFor();
    }
    await page.screenshot({ path: screenshotPath('cart-dialog') });
    const inCart = await axeScan(page, ['.smi-dialog']);
    expect(inCart.passed).toEqual(expect.arrayContaining(['aria-dialog-name', 'label']));
    expect(inCart.violations).toEqual([]);

    // Checkout: one session with three line items on Stripe's page.
    const sessionsBefore = stripe.sessions.size;
    await cart.getByLabel('E-mail for the download link').fill('cart-buyer@example.test');
    await cart.getByRole('button', { name: 'Checkout' }).click();
    await page.waitForURL(new RegExp(`^${stripe.url}/checkout/pay/`));
    expect(stripe.sessions.size).toBe(sessionsBefore + 1);
    const session = [...stripe.sessions.values()].at(-1)!;
    expect(stripe.lineItems(session.id)).toHaveLength(3);
    expect(await page.locator('.item').count()).toBe(3);
    expect(session.amount_total).toBe(quote.total);
    await page.screenshot({ path: screenshotPath('cart-stripe') });

    const back = page.waitForRequest(/\/demo\/cart\.html\?smi_order=.+&smi_session=cs_/);
    await page.getByRole('button', { name: /^Pay \$/ }).click();
    const returned = new URL((await back).url());
    const orderId = returned.searchParams.get('smi_order')!;

    // Paid: three jobs of that order, one per line; the cart is empty again.
    await page.waitForURL((url) => url.pathname.endsWith('/demo/cart.html'));
    await page.getByRole('button', { name: 'Download Hi-Res' }).first().waitFor();
    expect(await page.evaluate((key) => localStorage.getItem(key), `smi-cart:${app.url}`)).toBe(
      '[]',
    );
    expect(await cartButton().isVisible()).toBe(false);
    const jobs = await db('smi_jobs').where({ order_id: orderId }).orderBy('order_line');
    expect(jobs.map((job) => [job.file_id, job.resolution, job.payment_status])).toEqual(
      asItems.map((item) => [
        shop.images.find((image) => image.documentId === item.fileId)!.id,
        item.resolution,
        'paid',
      ]),
    );

    // One e-mail for the order once every line is delivered: three links and the ZIP.
    const mail = await smtp.waitForMessage((m) => m.to.includes('cart-buyer@example.test'), 90_000);
    const links = (mail.text ?? '').match(/https?:\/\/\S+\/downloads\/\S+/g) ?? [];
    expect(new Set(links).size).toBe(3);
    expect(mail.text ?? '').toMatch(new RegExp(`/orders/${orderId}/zip\\?token=`));
    expect(smtp.messages.filter((m) => m.to.includes('cart-buyer@example.test'))).toHaveLength(1);
  });

  it('is usable with the keyboard only: add, open, remove, close', async () => {
    const { page } = shop;
    await page.goto(cartPage);
    // A cart of its own, whatever the first test left.
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    const target = fileOf('demo-alpine-lake.jpg').documentId;
    await page.locator(`button[data-smi-for="${target}"]`).waitFor();
    await tabTo(page, `button[data-smi-for="${target}"]`);
    await page.keyboard.press('Enter');
    await buyDialog().getByText('Continue to payment').waitFor();
    await tabTo(page, '.smi-dialog button.smi-alt');
    await page.keyboard.press('Enter');
    await buyDialog().getByText('Added to the cart. Cart (1)').waitFor();
    await tabTo(page, 'input[name=smi-resolution]:checked');
    await page.keyboard.press('ArrowDown');
    await tabTo(page, '.smi-dialog button.smi-alt');
    await page.keyboard.press('Enter');
    await buyDialog().getByText('Added to the cart. Cart (2)').waitFor();
    await page.keyboard.press('Escape');
    await buyDialog().waitFor({ state: 'detached' });

    // The cart button, the dialog, focus kept inside; Remove moves the focus to the next line.
    await tabTo(page, '.smi-fixed button', 60);
    await page.keyboard.press('Enter');
    const cart = page.getByRole('dialog', { name: 'Your cart' });
    await cart.getByRole('listitem').nth(1).waitFor();
    for (let i = 0; i < 10; i += 1) {
      await page.keyboard.press('Tab');
      expect(
        await page.evaluate(() => Boolean(document.activeElement?.closest('[role=dialog]'))),
      ).toBe(true);
    }
    await tabTo(page, '.smi-dialog li button');
    await page.keyboard.press('Enter');
    await cart.getByRole('listitem').nth(1).waitFor({ state: 'detached' });
    expect(await isFocused(page, '.smi-dialog li button')).toBe(true);
    expect(await page.locator('.smi-sr[role=status]').textContent()).toBe('Cart (1)');
    await page.keyboard.press('Enter');
    await cart.getByText('Your cart is empty.').waitFor();
    expect(await isFocused(page, '.smi-close')).toBe(true);
    await page.screenshot({ path: screenshotPath('cart-empty') });
    await page.keyboard.press('Escape');
    await cart.waitFor({ state: 'detached' });
  });
});
