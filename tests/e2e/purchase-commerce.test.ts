import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PricesAnswer } from '../../shared/contracts/prices';
import { FIRST_ADMIN } from '../integration/helpers/admin';
import { screenshotPath } from './helpers/browser';
import { openDemoShop, type DemoShop } from './helpers/demo-shop';
import { axeScan, tabTo } from './helpers/page-checks';

/**
 * Selling (issue 16) as a visitor meets it in real Chromium: with licences and Stripe Tax
 * (exclusive) set through the admin settings API, the dialog offers the licences with the
 * resolution and says "plus tax"; on a French page (`<html lang="fr">`) a visitor chooses
 * the second licence with the keyboard and the Stripe fake's session carries that
 * licence's price and Checkout in French.
 *
 * Needs the server side of licences, tax and locale (the `pricing` and `stripe` work of
 * issue 16): `GET /prices` answering `licences` and `tax`, `POST /checkout` pricing the
 * licence and passing `locale` to Stripe.
 */
const LICENCES = [
  { id: 'personal', name: 'Personal', multiplierPercent: 100, text: 'Personal use only.' },
  {
    id: 'commercial',
    name: 'Commercial',
    multiplierPercent: 300,
    text: 'Commercial use, <b>no resale</b> of the file itself.',
  },
];

describe('selling with licences, tax and the visitor’s language (Chromium)', () => {
  let shop: DemoShop;
  let app: DemoShop['app'];
  let stripe: DemoShop['stripe'];
  let page: DemoShop['page'];
  let images: DemoShop['images'];

  beforeAll(async () => {
    shop = await openDemoShop('e2e-purchase-commerce');
    ({ app, stripe, page, images } = shop);
    const login = await fetch(`${app.url}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: FIRST_ADMIN.email, password: FIRST_ADMIN.password }),
    });
    const { data } = (await login.json()) as { data: { token: string } };
    const settings = await fetch(`${app.url}/sell-my-images/settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${data.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tax: 'stripe_tax', taxBehavior: 'exclusive', licences: LICENCES }),
    });
    expect(settings.status).toBe(200);
    // The same gallery as a French site serves it.
    const gallery = path.join(app.publicDir, 'demo', 'index.html');
    writeFileSync(
      path.join(app.publicDir, 'demo', 'fr.html'),
      readFileSync(gallery, 'utf8').replace('<html lang="en">', '<html lang="fr">'),
    );
  });

  afterAll(async () => shop?.close());

  const pricesOf = async (documentId: string): Promise<PricesAnswer> =>
    (await fetch(app.pluginUrl(`/prices?fileId=${documentId}`))).json() as Promise<PricesAnswer>;

  it('offers the licences with the resolution, priced by the server, "plus tax"', async () => {
    const target = images.find((img) => img.name === 'demo-city-lights.jpg')!;
    const prices = await pricesOf(target.documentId);
    expect(prices.tax).toEqual({ behavior: 'exclusive' });
    expect(prices.licences?.map((l) => l.id)).toEqual(['personal', 'commercial']);

    await page.goto(`${app.url}/demo/index.html`);
    await page.locator(`button[data-smi-for="${target.documentId}"]`).click();
    const dialog = page.getByRole('dialog', { name: 'Buy a high-resolution copy' });
    await dialog.getByText('Continue to payment').waitFor();
    const licences = dialog.getByRole('group', { name: 'Licence' });
    const [first, second] = prices.licences!;
    const resolution = prices.options.find((o) => o.available)!.resolution;
    const priceOf = (licence: typeof first) =>
      licence.options.find((o) => o.resolution === resolution)!.formatted;
    expect(await licences.getByRole('radio', { name: /^Personal/ }).isChecked()).toBe(true);
    await licences.getByText(`Personal — ${priceOf(first)} plus tax`).waitFor();
    await licences.getByText(`Commercial — ${priceOf(second)} plus tax`).waitFor();
    await dialog.getByText(`${resolution} — ${priceOf(first)} plus tax`).waitFor();

    // The terms of the chosen licence, shown as the owner wrote them (text, not HTML).
    await licences.getByRole('radio', { name: /^Commercial/ }).check();
    await dialog.getByText(`${resolution} — ${priceOf(second)} plus tax`).waitFor();
    await dialog.getByText('Licence terms').click();
    await dialog.getByText(LICENCES[1].text).waitFor();
    expect(await dialog.locator('b').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('demo-dialog-licences') });

    // Both radio groups and the disclosure: no serious or critical axe-core finding.
    const { blocking, passed } = await axeScan(page);
    expect(passed).toEqual(expect.arrayContaining(['aria-dialog-name', 'label']));
    expect(blocking).toEqual([]);
  });

  it('a French visitor chooses the second licence with the keyboard: Checkout gets its price, in French', async () => {
    const target = images.find((img) => img.name === 'demo-alpine-lake.jpg')!;
    const prices = await pricesOf(target.documentId);
    await page.goto(`${app.url}/demo/fr.html`);
    const button = page.locator(`button[data-smi-for="${target.documentId}"]`);
    await button.waitFor();
    expect(await button.textContent()).toBe('Télécharger en HD');

    await tabTo(page, `button[data-smi-for="${target.documentId}"]`);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Acheter une copie haute résolution' });
    await dialog.getByText('Continuer vers le paiement').waitFor();
    // French tax wording: HT (hors taxes) for prices before tax.
    await dialog.getByRole('group', { name: 'Licence' }).getByText(/ HT$/).first().waitFor();

    await tabTo(page, 'input[name=smi-licence]:checked');
    await page.keyboard.press('ArrowDown');
    const checked = (name: string) =>
      page.evaluate(
        (n) => document.querySelector<HTMLInputElement>(`input[name=${n}]:checked`)?.value,
        name,
      );
    expect(await checked('smi-licence')).toBe('commercial');
    const resolution = (await checked('smi-resolution'))!;
    await tabTo(page, 'button[type=submit]');
    await page.keyboard.press('Enter');

    await page.waitForURL(new RegExp(`^${stripe.url}/checkout/pay/`));
    const sessionId = new URL(page.url()).pathname.split('/').pop()!;
    const session = stripe.sessions.get(sessionId)!;
    const licencePrice = prices.licences![1].options.find((o) => o.resolution === resolution)!;
    expect(session.amount_subtotal).toBe(licencePrice.amount);
    expect(session.locale).toBe('fr');
    await page.screenshot({ path: screenshotPath('stripe-simulator-licence-fr') });
  });
});
