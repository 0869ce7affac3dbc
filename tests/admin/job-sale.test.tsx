import { screen, within } from '@testing-library/react';
import JobDetailPage from '../../admin/src/pages/JobDetailPage';
import { mockApi } from './support/admin-test-state';
import { renderAdmin } from './support/render';
import { detailAnswer, makeJob } from './jobs/fixtures';

jest.setTimeout(30_000);

/** The job detail's Sale block: what Stripe took, the licence sold, the invoice. */
function open(job: ReturnType<typeof makeJob>, locale: 'en' | 'fr' = 'en') {
  mockApi({ 'GET /sell-my-images/jobs/:jobId': detailAnswer(job) });
  renderAdmin(<JobDetailPage />, { url: `/jobs/${job.jobId}`, path: '/jobs/:jobId', locale });
}

/** The value (dd) under the label (dt) `label` in `region`. */
const valueOf = (region: HTMLElement, label: string) =>
  within(region).getByText(label, { selector: 'dt' }).nextElementSibling as HTMLElement;

describe('job detail: sale', () => {
  it('shows subtotal, discount, tax with its behaviour, total paid, presentment, licence, rule, language and the invoice link', async () => {
    open(
      makeJob({
        amount: 1000,
        amountDiscount: 200,
        amountTax: 160,
        taxBehavior: 'exclusive',
        amountTotal: 960,
        currency: 'eur',
        presentmentCurrency: 'usd',
        presentmentAmount: 1043,
        licenceId: 'commercial',
        licenceName: 'Commercial',
        licenceMultiplierPercent: 250,
        licenceText: 'Any commercial use, worldwide.',
        priceRule: 'image_multiplier',
        locale: 'fr',
        invoiceUrl: 'https://invoice.stripe.test/i/acct_1/in_1',
      }),
    );
    const sale = await screen.findByRole('region', { name: 'Sale' });
    expect(valueOf(sale, 'Subtotal').textContent).toBe('€10.00');
    expect(valueOf(sale, 'Discount').textContent).toBe('−€2.00');
    expect(valueOf(sale, 'Tax').textContent).toBe('€1.60 (added to the price)');
    expect(valueOf(sale, 'Total paid').textContent).toBe('€9.60');
    expect(valueOf(sale, "Paid in the buyer's currency").textContent).toBe('$10.43');
    expect(valueOf(sale, 'Licence').textContent).toContain('Commercial (×2.5)');
    // The licence text as sold, in a disclosure.
    const summary = within(sale).getByText('Licence text as sold');
    expect(summary.tagName).toBe('SUMMARY');
    expect(summary.closest('details')?.textContent).toContain('Any commercial use, worldwide.');
    expect(valueOf(sale, 'Price rule').textContent).toBe("Shop's pricing × image multiplier");
    expect(valueOf(sale, "Buyer's language").textContent).toBe('French');
    const invoice = within(sale).getByRole('link', { name: /Invoice/ });
    expect(invoice.getAttribute('href')).toBe('https://invoice.stripe.test/i/acct_1/in_1');
    expect(invoice.getAttribute('target')).toBe('_blank');
    expect(invoice.getAttribute('rel')).toContain('noopener');
  });

  it('shows dashes before payment and without tax, licence or invoice; in French', async () => {
    open(
      makeJob({
        amount: 192,
        amountTotal: null,
        amountTax: null,
        amountDiscount: null,
        taxBehavior: null,
        presentmentCurrency: null,
        presentmentAmount: null,
        licenceName: null,
        licenceText: null,
        licenceMultiplierPercent: null,
        priceRule: 'default',
        locale: 'en',
        invoiceUrl: null,
      }),
      'fr',
    );
    const sale = await screen.findByRole('region', { name: 'Vente' });
    expect(valueOf(sale, 'Sous-total').textContent).toMatch(/1,92\s\$US/);
    for (const label of ['Remise', 'Taxe', 'Total payé', 'Licence', 'Facture'])
      expect(valueOf(sale, label).textContent).toBe('—');
    expect(within(sale).queryByText("Payé dans la devise de l'acheteur")).toBeNull();
    expect(valueOf(sale, 'Règle de prix').textContent).toBe('Tarif de la boutique');
    expect(valueOf(sale, "Langue de l'acheteur").textContent).toBe('anglais');
    expect(within(sale).queryByRole('link')).toBeNull();
  });
});
