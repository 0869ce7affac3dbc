import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  CHECKOUT_LOCALES,
  checkoutLocale,
  sellingParams,
} from '../../server/src/commerce/checkout-session';
import type { Job } from '../../server/src/jobs/repository';
import type { EffectiveSettings } from '../../server/src/settings/settings';
import { SETTINGS_DEFAULTS } from '../../shared/contracts/settings';

const settings = (overrides: Partial<EffectiveSettings> = {}) =>
  ({ ...SETTINGS_DEFAULTS, sources: {}, ...overrides }) as EffectiveSettings;
const job = (overrides: Partial<Job> = {}) =>
  ({ jobId: 'job-1', licenceName: null, ...overrides }) as Job;

describe('checkoutLocale', () => {
  it('keeps a tag Stripe Checkout knows, in its spelling', () => {
    expect(checkoutLocale('fr-CA')).toBe('fr-CA');
    expect(checkoutLocale('pt_br')).toBe('pt-BR');
    expect(checkoutLocale('EN-gb')).toBe('en-GB');
  });

  it('falls back to language and region, then the language, then its only variant, then auto', () => {
    expect(checkoutLocale('zh-Hant-TW')).toBe('zh-TW');
    expect(checkoutLocale('de-XX')).toBe('de');
    expect(checkoutLocale('en-US')).toBe('en');
    expect(checkoutLocale('hi')).toBe('hi-IN');
    expect(checkoutLocale('xx-YY')).toBe('auto');
    expect(checkoutLocale(undefined)).toBe('auto');
  });

  it('lists the locales the installed Stripe SDK declares for Checkout', () => {
    const types = readFileSync(
      path.join(path.dirname(require.resolve('stripe')), 'resources/Checkout/Sessions.d.ts'),
      'utf8',
    );
    const union = /type Locale = ([^;]+);/.exec(types)?.[1] ?? '';
    const declared = [...union.matchAll(/'([^']+)'/g)].map((m) => m[1]).filter((l) => l !== 'auto');
    expect(declared.length).toBeGreaterThan(30);
    expect([...CHECKOUT_LOCALES].sort()).toEqual(declared.sort());
  });
});

describe('sellingParams', () => {
  it('sends nothing but adaptive pricing off with the defaults', () => {
    expect(sellingParams(job(), settings())).toEqual({ adaptive_pricing: { enabled: false } });
  });

  it('turns each setting into its Stripe parameter', () => {
    const params = sellingParams(
      job({ licenceName: 'Commercial' }),
      settings({
        tax: 'stripe_tax',
        taxIdCollection: true,
        adaptivePricing: true,
        invoiceCreation: true,
        invoiceFooter: 'VAT FR00',
        requireTermsConsent: true,
      }),
    );
    expect(params).toEqual({
      adaptive_pricing: { enabled: true },
      automatic_tax: { enabled: true },
      billing_address_collection: 'required',
      tax_id_collection: { enabled: true },
      invoice_creation: {
        enabled: true,
        invoice_data: { metadata: { jobId: 'job-1' }, footer: 'VAT FR00' },
      },
      consent_collection: { terms_of_service: 'required' },
      custom_text: { submit: { message: expect.stringContaining('Licence: Commercial') } },
    });
  });
});
