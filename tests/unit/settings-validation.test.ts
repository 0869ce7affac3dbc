import {
  SECRET_FIELDS,
  SETTINGS_DEFAULTS,
  settingsSchema,
  settingsUpdateSchema,
  type Settings,
} from '../../shared/contracts/settings';
import { fieldErrors } from '../../shared/contracts/errors';

function parse(input: unknown) {
  return settingsUpdateSchema.safeParse(input);
}

/** The paths of every error, as the admin API would report them. */
function errorPaths(input: unknown): string[] {
  const result = parse(input);
  if (result.success) throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
  return fieldErrors(result.error).map((error) => error.path.join('.'));
}

describe('SETTINGS_DEFAULTS', () => {
  /** The documented defaults of a fresh install, a row a field. */
  const documented: Array<[keyof Settings, unknown]> = [
    ['markupPercent', 500],
    ['minimumPrice', 50],
    ['currency', 'usd'],
    ['creditPrice', 4],
    ['creditsPerMegapixel', 0.25],
    ['resolutions', ['4x', '8x']],
    ['maxOutputMegapixels', null],
    ['downloadExpiryHours', 24],
    ['maxDownloads', null],
    ['buttonText', 'Download Hi-Res'],
    ['minImageSize', 100],
    ['saleMode', 'all'],
    ['acceptNumericFileIds', false],
    ['termsUrl', null],
    ['supportEmail', null],
    ['allowedReturnOrigins', []],
    ['upscaler', 'sharp'],
    ['siteName', null],
    ['senderEmail', null],
    ['reminderHoursBefore', 6],
    ['emailRetentionDays', 90],
    ['clickRetentionDays', 400],
    ['downloadLogRetentionDays', 180],
    ['stripeEventRetentionDays', 30],
    ['visitorHashRetentionDays', 30],
    ['includeEmailInEvents', false],
    ['processingTimeoutMinutes', 15],
    ['workerConcurrency', 2],
    ['stripeSecretKey', null],
    ['stripeWebhookSecret', null],
    ['upsamplerApiKey', null],
    ['autoRefundOnFraudWarning', false],
    ['localAiModel', 'slim'],
    ['localAiEngine', 'auto'],
    ['localAi8xMode', 'x4-lanczos'],
    ['localAiTileSize', 192],
    ['localAiConcurrency', 1],
    ['localAiPricingMode', 'per_megapixel'],
    ['localAiPricePerMegapixel', 6],
    ['localAiFlatPrices', { '4x': 200, '8x': 500 }],
    ['tax', 'none'],
    ['taxBehavior', 'exclusive'],
    ['taxCode', 'txcd_10501000'],
    ['taxIdCollection', false],
    ['allowPromotionCodes', false],
    ['adaptivePricing', false],
    ['invoiceCreation', false],
    ['invoiceFooter', null],
    ['licences', []],
    ['requireTermsConsent', false],
    ['rightsMetadataIncludesBuyer', false],
    ['emailTemplates', {}],
    ['previews', 'auto'],
    ['paidPreviews', false],
    ['paidPreviewDailyCredits', 20],
    ['quantityDiscounts', []],
    ['redownloadDays', 30],
  ];

  it('have exactly the documented fields', () => {
    expect(Object.keys(SETTINGS_DEFAULTS).sort()).toEqual(
      documented.map(([field]) => field).sort(),
    );
  });

  it.each(documented)('%s defaults to %p', (field, value) => {
    expect(SETTINGS_DEFAULTS[field]).toEqual(value);
  });

  it('passes its own full schema unchanged', () => {
    expect(settingsSchema.parse(SETTINGS_DEFAULTS)).toEqual(SETTINGS_DEFAULTS);
  });

  it('cannot be mutated by a careless caller', () => {
    expect(Object.isFrozen(SETTINGS_DEFAULTS)).toBe(true);
    expect(Object.isFrozen(SETTINGS_DEFAULTS.resolutions)).toBe(true);
    expect(Object.isFrozen(SETTINGS_DEFAULTS.allowedReturnOrigins)).toBe(true);
    expect(Object.isFrozen(SETTINGS_DEFAULTS.licences)).toBe(true);
    expect(Object.isFrozen(SETTINGS_DEFAULTS.emailTemplates)).toBe(true);
  });

  it('names the write-only secret fields', () => {
    expect([...SECRET_FIELDS]).toEqual([
      'stripeSecretKey',
      'stripeWebhookSecret',
      'upsamplerApiKey',
    ]);
  });
});

describe('settingsUpdateSchema: the selling fields (tax, licences, e-mails)', () => {
  const personal = { id: 'personal', name: 'Personal', multiplierPercent: 100, text: 'Own use.' };

  it('accepts licence tiers and trims their fields', () => {
    const commercial = {
      ...personal,
      id: 'commercial',
      name: ' Commercial ',
      multiplierPercent: 300,
    };
    expect(parse({ licences: [personal, commercial] })).toEqual({
      success: true,
      data: { licences: [personal, { ...commercial, name: 'Commercial' }] },
    });
  });

  it('refuses a duplicate licence id, a bad id, a zero multiplier and too many tiers', () => {
    expect(errorPaths({ licences: [personal, personal] })).toEqual(['licences.1.id']);
    expect(errorPaths({ licences: [{ ...personal, id: 'Not OK' }] })).toEqual(['licences.0.id']);
    expect(errorPaths({ licences: [{ ...personal, multiplierPercent: 0 }] })).toEqual([
      'licences.0.multiplierPercent',
    ]);
    const many = Array.from({ length: 11 }, (_, i) => ({ ...personal, id: `l${i}` }));
    expect(errorPaths({ licences: many })).toEqual(['licences']);
  });

  it('takes a Stripe tax code only in its format, and the tax modes by name', () => {
    expect(parse({ tax: 'stripe_tax', taxCode: 'txcd_10000000' }).success).toBe(true);
    expect(errorPaths({ taxCode: 'digital' })).toEqual(['taxCode']);
    // Cart discounts: one tier per size, 2 to 100 images, 1 to 90 % off, at most 5 tiers.
    const tier = { minItems: 3, percentOff: 20 };
    expect(parse({ quantityDiscounts: [tier] }).success).toBe(true);
    expect(errorPaths({ quantityDiscounts: [tier, { ...tier, percentOff: 30 }] })).toEqual([
      'quantityDiscounts.1.minItems',
    ]);
    expect(errorPaths({ quantityDiscounts: [{ minItems: 1, percentOff: 95 }] }).sort()).toEqual([
      'quantityDiscounts.0.minItems',
      'quantityDiscounts.0.percentOff',
    ]);
    expect(errorPaths({ redownloadDays: -1 })).toEqual(['redownloadDays']);
    expect(errorPaths({ previews: 'always' })).toEqual(['previews']);
    expect(errorPaths({ tax: 'vat', taxBehavior: 'sometimes' }).sort()).toEqual([
      'tax',
      'taxBehavior',
    ]);
  });

  it('keeps e-mail templates per language and e-mail, and refuses other languages or e-mails', () => {
    const template = { subject: 'Votre image', body: 'Bonjour' };
    expect(parse({ emailTemplates: { fr: { link: template } } })).toEqual({
      success: true,
      data: { emailTemplates: { fr: { link: template } } },
    });
    expect(errorPaths({ emailTemplates: { de: { link: template } } })).toEqual([
      'emailTemplates.de',
    ]);
    expect(errorPaths({ emailTemplates: { en: { invoice: template } } })).toEqual([
      'emailTemplates.en.invoice',
    ]);
  });
});

describe('settingsUpdateSchema: valid input', () => {
  it('accepts an empty update', () => {
    expect(parse({})).toEqual({ success: true, data: {} });
  });

  it("reads the 8x mode's former name x4-bicubic as x4-lanczos, and refuses other names", () => {
    expect(parse({ localAi8xMode: 'x4-bicubic' })).toEqual({
      success: true,
      data: { localAi8xMode: 'x4-lanczos' },
    });
    expect(parse({ localAi8xMode: 'x8-model' })).toEqual({
      success: true,
      data: { localAi8xMode: 'x8-model' },
    });
    expect(parse({ localAi8xMode: 'x4-nearest' }).success).toBe(false);
  });

  it('returns only the fields that were sent', () => {
    expect(parse({ markupPercent: 250 })).toEqual({ success: true, data: { markupPercent: 250 } });
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['markup 0', { markupPercent: 0 }, { markupPercent: 0 }],
    ['markup 10000', { markupPercent: 10_000 }, { markupPercent: 10_000 }],
    ['minimum price 0', { minimumPrice: 0 }, { minimumPrice: 0 }],
    ['currency is lowercased and trimmed', { currency: ' EUR ' }, { currency: 'eur' }],
    ['zero-decimal currency', { currency: 'jpy' }, { currency: 'jpy' }],
    ['credit price 0', { creditPrice: 0 }, { creditPrice: 0 }],
    ['fractional credits per MP', { creditsPerMegapixel: 0.125 }, { creditsPerMegapixel: 0.125 }],
    ['credits per MP at 100', { creditsPerMegapixel: 100 }, { creditsPerMegapixel: 100 }],
    [
      'credits per MP at a millionth',
      { creditsPerMegapixel: 0.000001 },
      { creditsPerMegapixel: 0.000001 },
    ],
    [
      'resolutions are sorted by scale',
      { resolutions: ['16x', '2x', '8x', '4x'] },
      { resolutions: ['2x', '4x', '8x', '16x'] },
    ],
    ['one resolution', { resolutions: ['4x'] }, { resolutions: ['4x'] }],
    ['max output MP', { maxOutputMegapixels: 200 }, { maxOutputMegapixels: 200 }],
    ['no max output', { maxOutputMegapixels: null }, { maxOutputMegapixels: null }],
    ['expiry 1 hour', { downloadExpiryHours: 1 }, { downloadExpiryHours: 1 }],
    ['expiry one week', { downloadExpiryHours: 168 }, { downloadExpiryHours: 168 }],
    ['max downloads', { maxDownloads: 3 }, { maxDownloads: 3 }],
    ['unlimited downloads', { maxDownloads: null }, { maxDownloads: null }],
    ['button text is trimmed', { buttonText: '  Buy a print  ' }, { buttonText: 'Buy a print' }],
    ['button text of 80 chars', { buttonText: 'b'.repeat(80) }, { buttonText: 'b'.repeat(80) }],
    ['min image size 0', { minImageSize: 0 }, { minImageSize: 0 }],
    ['sale mode opt-in', { saleMode: 'opt-in' }, { saleMode: 'opt-in' }],
    ['sale mode opt-out', { saleMode: 'opt-out' }, { saleMode: 'opt-out' }],
    [
      'terms URL',
      { termsUrl: 'https://example.com/terms' },
      { termsUrl: 'https://example.com/terms' },
    ],
    [
      'http terms URL',
      { termsUrl: 'http://example.com/terms?x=1' },
      { termsUrl: 'http://example.com/terms?x=1' },
    ],
    ['empty terms URL → null', { termsUrl: '  ' }, { termsUrl: null }],
    ['null terms URL', { termsUrl: null }, { termsUrl: null }],
    [
      'support e-mail',
      { supportEmail: ' help@example.com ' },
      { supportEmail: 'help@example.com' },
    ],
    ['empty support e-mail → null', { supportEmail: '' }, { supportEmail: null }],
    ['null support e-mail', { supportEmail: null }, { supportEmail: null }],
    [
      'origins are normalised and de-duplicated',
      {
        allowedReturnOrigins: [
          'https://Shop.Example.com/',
          'https://shop.example.com:443',
          'https://example.com:8443',
          'http://localhost:3000',
          'http://127.0.0.1:4321/',
        ],
      },
      {
        allowedReturnOrigins: [
          'https://shop.example.com',
          'https://example.com:8443',
          'http://localhost:3000',
          'http://127.0.0.1:4321',
        ],
      },
    ],
    ['no extra origins', { allowedReturnOrigins: [] }, { allowedReturnOrigins: [] }],
    [
      '20 origins',
      { allowedReturnOrigins: Array.from({ length: 20 }, (_, i) => `https://s${i}.example.com`) },
      { allowedReturnOrigins: Array.from({ length: 20 }, (_, i) => `https://s${i}.example.com`) },
    ],
    ['clicks kept 30 days', { clickRetentionDays: 30 }, { clickRetentionDays: 30 }],
    ['clicks kept for good', { clickRetentionDays: null }, { clickRetentionDays: null }],
    ['download log 1 day', { downloadLogRetentionDays: 1 }, { downloadLogRetentionDays: 1 }],
    [
      'download log ten years',
      { downloadLogRetentionDays: 3650 },
      { downloadLogRetentionDays: 3650 },
    ],
    ['Stripe events 7 days', { stripeEventRetentionDays: 7 }, { stripeEventRetentionDays: 7 }],
    ['Stripe events kept', { stripeEventRetentionDays: null }, { stripeEventRetentionDays: null }],
    ['visitor hashes 1 day', { visitorHashRetentionDays: 1 }, { visitorHashRetentionDays: 1 }],
    ['e-mail in events', { includeEmailInEvents: true }, { includeEmailInEvents: true }],
    ['upscaler upsampler', { upscaler: 'upsampler' }, { upscaler: 'upsampler' }],
    ['upscaler local-ai', { upscaler: 'local-ai' }, { upscaler: 'local-ai' }],
    ['test secret key', { stripeSecretKey: 'sk_test_51AbC' }, { stripeSecretKey: 'sk_test_51AbC' }],
    [
      'live restricted key',
      { stripeSecretKey: 'rk_live_9xYz' },
      { stripeSecretKey: 'rk_live_9xYz' },
    ],
    ['clear secret key', { stripeSecretKey: null }, { stripeSecretKey: null }],
    [
      'webhook secret',
      { stripeWebhookSecret: 'whsec_abc123' },
      { stripeWebhookSecret: 'whsec_abc123' },
    ],
    ['clear webhook secret', { stripeWebhookSecret: null }, { stripeWebhookSecret: null }],
    ['upsampler key', { upsamplerApiKey: '12345678' }, { upsamplerApiKey: '12345678' }],
    ['clear upsampler key', { upsamplerApiKey: null }, { upsamplerApiKey: null }],
  ])('%s', (_label, input, output) => {
    expect(parse(input)).toEqual({ success: true, data: output });
  });
});

describe('settingsUpdateSchema: invalid input names the path', () => {
  const origins = (...list: string[]) => ({ allowedReturnOrigins: list });

  it.each<[string, string, unknown]>([
    ['unknown key', 'markup', 5],
    ['string number', 'markupPercent', '500'],
    ['negative markup', 'markupPercent', -1],
    ['markup too large', 'markupPercent', 10_001],
    ['fractional markup', 'markupPercent', 12.5],
    ['null markup', 'markupPercent', null],
    ['negative minimum', 'minimumPrice', -1],
    ['fractional minimum (major units by mistake)', 'minimumPrice', 0.5],
    ['uppercase-only garbage currency', 'currency', 'DOLLARS'],
    ['unknown currency', 'currency', 'xyz'],
    ['currency not a string', 'currency', 840],
    ['negative credit price', 'creditPrice', -4],
    ['fractional credit price', 'creditPrice', 0.04],
    ['zero credits per MP', 'creditsPerMegapixel', 0],
    ['negative credits per MP', 'creditsPerMegapixel', -0.25],
    ['credits per MP above 100', 'creditsPerMegapixel', 100.5],
    ['credits per MP too precise', 'creditsPerMegapixel', 0.0000001],
    ['credits per MP not finite', 'creditsPerMegapixel', Number.POSITIVE_INFINITY],
    ['empty resolutions', 'resolutions', []],
    ['resolutions not an array', 'resolutions', '4x,8x'],
    ['max output 0', 'maxOutputMegapixels', 0],
    ['fractional max output', 'maxOutputMegapixels', 1.5],
    ['expiry 0', 'downloadExpiryHours', 0],
    ['expiry 169', 'downloadExpiryHours', 169],
    ['max downloads 0', 'maxDownloads', 0],
    ['empty button text', 'buttonText', '   '],
    ['button text too long', 'buttonText', 'b'.repeat(81)],
    ['negative min image size', 'minImageSize', -1],
    ['min image size too large', 'minImageSize', 10_001],
    ['unknown sale mode', 'saleMode', 'some'],
    ['terms URL not a URL', 'termsUrl', 'terms'],
    ['terms URL javascript:', 'termsUrl', 'javascript:alert(1)'],
    ['terms URL ftp', 'termsUrl', 'ftp://example.com/terms'],
    ['bad e-mail', 'supportEmail', 'help@'],
    ['e-mail with a name', 'supportEmail', 'Help <help@example.com>'],
    ['origins not an array', 'allowedReturnOrigins', 'https://example.com'],
    ['unknown upscaler', 'upscaler', 'waifu2x'],
    ['publishable key as secret key', 'stripeSecretKey', 'pk_test_abc'],
    ['secret key with an unknown mode', 'stripeSecretKey', 'sk_prod_abc'],
    ['masked secret key sent back', 'stripeSecretKey', '••••••••1234'],
    ['empty secret key', 'stripeSecretKey', ''],
    ['webhook secret without prefix', 'stripeWebhookSecret', 'abc123'],
    ['webhook secret with symbols', 'stripeWebhookSecret', 'whsec_abc;drop'],
    ['upsampler key too short', 'upsamplerApiKey', '1234567'],
    ['upsampler key too long', 'upsamplerApiKey', 'k'.repeat(257)],
    ['clicks kept under a month (analytics)', 'clickRetentionDays', 29],
    ['clicks kept over ten years', 'clickRetentionDays', 3651],
    ['download log 0 days', 'downloadLogRetentionDays', 0],
    ['fractional download log days', 'downloadLogRetentionDays', 1.5],
    ['Stripe events inside the redelivery window', 'stripeEventRetentionDays', 6],
    ['Stripe events over ten years', 'stripeEventRetentionDays', 3651],
    ['visitor hashes 0 days', 'visitorHashRetentionDays', 0],
    ['visitor hashes over ten years', 'visitorHashRetentionDays', 3651],
    ['e-mail in events as text', 'includeEmailInEvents', 'yes'],
    ['e-mail in events null', 'includeEmailInEvents', null],
  ])('%s → %s', (_label, field, value) => {
    expect(errorPaths({ [field]: value })).toEqual([field]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['resolution 1x', { resolutions: ['4x', '1x'] }, 'resolutions.1'],
    ['resolution 17x', { resolutions: ['17x'] }, 'resolutions.0'],
    ['resolution without x', { resolutions: ['4'] }, 'resolutions.0'],
    ['resolution 4.5x', { resolutions: ['4.5x'] }, 'resolutions.0'],
    ['resolution not a string', { resolutions: [4] }, 'resolutions.0'],
    ['duplicate resolution', { resolutions: ['4x', '8x', '4x'] }, 'resolutions.2'],
    ['http origin that is not loopback', origins('http://example.com'), 'allowedReturnOrigins.0'],
    [
      'origin with a path',
      origins('https://example.com', 'https://example.com/shop'),
      'allowedReturnOrigins.1',
    ],
    ['origin with a query', origins('https://example.com/?next=1'), 'allowedReturnOrigins.0'],
    ['origin with credentials', origins('https://user:pw@example.com'), 'allowedReturnOrigins.0'],
    ['origin that is not a URL', origins('example.com'), 'allowedReturnOrigins.0'],
    ['javascript: origin', origins('javascript:alert(1)'), 'allowedReturnOrigins.0'],
    [
      '21 origins',
      origins(...Array.from({ length: 21 }, (_, i) => `https://s${i}.example.com`)),
      'allowedReturnOrigins',
    ],
  ])('%s → %s', (_label, input, path) => {
    expect(errorPaths(input)).toEqual([path]);
  });

  it('reports every invalid field at once', () => {
    expect(errorPaths({ markupPercent: -1, currency: 'xyz', saleMode: 'x' }).sort()).toEqual([
      'currency',
      'markupPercent',
      'saleMode',
    ]);
  });

  it('rejects input that is not an object', () => {
    for (const input of [null, 'markupPercent=5', [], 42]) {
      expect(parse(input).success).toBe(false);
    }
  });
});

describe('settingsSchema', () => {
  it('requires every field of the full record', () => {
    const { currency: _omitted, ...withoutCurrency } = SETTINGS_DEFAULTS;
    const result = settingsSchema.safeParse(withoutCurrency);
    expect(result.success).toBe(false);
    expect(result.error && fieldErrors(result.error).map((e) => e.path)).toEqual([['currency']]);
  });
});

describe('fieldErrors', () => {
  it("produces Strapi's ValidationError details shape", () => {
    const result = parse({ markupPercent: -5 });
    expect(result.success).toBe(false);
    const details = { errors: fieldErrors(result.error!) };
    expect(details).toEqual({
      errors: [{ path: ['markupPercent'], message: expect.any(String), name: 'ValidationError' }],
    });
    expect(details.errors[0]?.message.length).toBeGreaterThan(0);
  });

  it('reports each unknown key under its own path', () => {
    const result = parse({ foo: 1, bar: 2, markupPercent: 5 });
    expect(result.success).toBe(false);
    expect(fieldErrors(result.error!)).toEqual([
      { path: ['foo'], message: 'Unknown field "foo"', name: 'ValidationError' },
      { path: ['bar'], message: 'Unknown field "bar"', name: 'ValidationError' },
    ]);
  });

  it('turns numeric path segments into strings', () => {
    const result = parse({ resolutions: ['4x', 'big'] });
    expect(fieldErrors(result.error!)[0]?.path).toEqual(['resolutions', '1']);
  });
});
