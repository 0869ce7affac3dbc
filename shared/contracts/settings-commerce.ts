/**
 * The selling fields of the settings record: tax through Stripe Tax, promotion
 * codes, local currency at checkout, invoices, licence tiers, rights metadata and the
 * customer e-mails the owner edits. Part of `settingsSchema` (settings.ts); kept apart so
 * each file stays readable. docs/architecture.md "Money rules" says how they change amounts.
 */
import { z } from 'zod';
import { templateProblems } from '../email-placeholders';
import { CUSTOMER_EMAIL_KINDS, EMAIL_LANGUAGES } from './email-templates';

export const TAX_MODES = ['none', 'stripe_tax'] as const;
export type TaxMode = (typeof TAX_MODES)[number];
/** `exclusive`: tax is added on top of the price; `inclusive`: the price includes it. */
export const TAX_BEHAVIORS = ['exclusive', 'inclusive'] as const;
export type TaxBehavior = (typeof TAX_BEHAVIORS)[number];
/** Stripe's product tax code for digital photographs downloaded with permanent rights. */
export const DEFAULT_TAX_CODE = 'txcd_10501000';
export const MAX_LICENCES = 10;
/** 100 = the image's price (×1), 300 = ×3, 150 = ×1.5. */
export const MAX_LICENCE_MULTIPLIER_PERCENT = 100_000;

const int = (min: number, max: number) => z.number().int().min(min).max(max);
const blankToNull = (value: string): string | null => (value === '' ? null : value);

/** One licence tier the buyer chooses with the resolution. */
export const licenceSchema = z.strictObject({
  /** Stable id sent by `POST /checkout` (`licence`): lowercase letters, digits and dashes. */
  id: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'Lowercase letters, digits and dashes, up to 40'),
  name: z.string().trim().min(1).max(80),
  /** The image's price × multiplierPercent / 100 (rounded half up, then the minimum applies). */
  multiplierPercent: int(1, MAX_LICENCE_MULTIPLIER_PERCENT),
  /** The licence terms; a snapshot is kept on each job and shown on the order's licence page. */
  text: z.string().trim().max(5000),
});
export type Licence = z.output<typeof licenceSchema>;

const licences = z
  .array(licenceSchema)
  .max(MAX_LICENCES)
  .superRefine((list, ctx) => {
    list.forEach((licence, index) => {
      if (list.findIndex((other) => other.id === licence.id) !== index)
        ctx.addIssue({
          code: 'custom',
          message: `Duplicate licence id ${licence.id}`,
          path: [index, 'id'],
        });
    });
  });

/** One customer e-mail as the owner wrote it (placeholders like `{{downloadUrl}}`). */
export const emailTemplateSchema = z.strictObject({
  subject: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(10_000),
});
export type EmailTemplate = z.output<typeof emailTemplateSchema>;

/**
 * `{ fr: { link: { subject, body } } }`: only the e-mails the owner changed; the rest are the
 * defaults. A placeholder the e-mail does not have, or an unclosed `{{#block}}`, is refused
 * (shared/email-placeholders.ts), naming it, at `[language, kind, subject|body]`.
 */
const emailTemplates = z
  .partialRecord(
    z.enum(EMAIL_LANGUAGES),
    z.partialRecord(z.enum(CUSTOMER_EMAIL_KINDS), emailTemplateSchema),
  )
  .superRefine((record, ctx) => {
    for (const language of EMAIL_LANGUAGES)
      for (const kind of CUSTOMER_EMAIL_KINDS) {
        const template = record[language]?.[kind];
        if (!template) continue;
        for (const field of ['subject', 'body'] as const)
          for (const message of templateProblems(template[field], kind))
            ctx.addIssue({ code: 'custom', message, path: [language, kind, field] });
      }
  });
export type EmailTemplates = z.output<typeof emailTemplates>;

export const commerceSettingsShape = {
  tax: z.enum(TAX_MODES),
  taxBehavior: z.enum(TAX_BEHAVIORS),
  taxCode: z
    .string()
    .trim()
    .regex(/^txcd_\d{8}$/, 'Must be a Stripe tax code like txcd_10501000'),
  /** Business buyers may enter a VAT / tax id at checkout. */
  taxIdCollection: z.boolean(),
  /** Checkout shows a promotion code field; a `?promo=CODE` link pre-applies one. */
  allowPromotionCodes: z.boolean(),
  /** Stripe shows the price in the buyer's currency; the shop's currency stays the settlement one. */
  adaptivePricing: z.boolean(),
  /** Stripe creates an invoice for each sale (the completion e-mail links it). */
  invoiceCreation: z.boolean(),
  invoiceFooter: z.string().trim().max(500).transform(blankToNull).nullable(),
  /** Empty: no choice is offered and the price is the image's price. */
  licences,
  /** Checkout asks the buyer to accept the terms of service (set the URL in Stripe's dashboard). */
  requireTermsConsent: z.boolean(),
  /** The delivered file's XMP names the buyer's e-mail (off: nothing personal is written). */
  rightsMetadataIncludesBuyer: z.boolean(),
  emailTemplates,
};

export const COMMERCE_SETTINGS_DEFAULTS = {
  tax: 'none' as TaxMode,
  taxBehavior: 'exclusive' as TaxBehavior,
  taxCode: DEFAULT_TAX_CODE,
  taxIdCollection: false,
  allowPromotionCodes: false,
  adaptivePricing: false,
  invoiceCreation: false,
  invoiceFooter: null as string | null,
  licences: Object.freeze<Licence[]>([]) as Licence[],
  requireTermsConsent: false,
  rightsMetadataIncludesBuyer: false,
  emailTemplates: Object.freeze({}) as EmailTemplates,
};
