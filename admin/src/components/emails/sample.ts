/**
 * The values the live preview fills the placeholders with: a made-up order, formatted in
 * the e-mail's language the way the server formats a real one (shared/email-rendering).
 */
import type {
  CustomerEmailKind,
  EmailLanguage,
} from '../../../../shared/contracts/email-templates';
import { formatMoney } from '../../../../shared/currency';
import { PLACEHOLDERS_BY_KIND, type EmailValues } from '../../../../shared/email-placeholders';
import { emailLocale, formatEmailDate } from '../../../../shared/email-rendering';
import { EMAIL_TEXTS } from '../../../../shared/email-texts';

/** A week from a fixed day, so the preview does not change while the owner types. */
const SAMPLE_EXPIRY = new Date(Date.UTC(2026, 2, 12, 18, 0));
const SITE = 'https://shop.example.com';

export function sampleValues(
  language: EmailLanguage,
  kind: CustomerEmailKind,
  settings: {
    siteName: string | null;
    supportEmail: string | null;
    termsUrl: string | null;
    maxDownloads: number | null;
    currency: string;
  },
): EmailValues {
  const money = (minor: number) => formatMoney(minor, settings.currency, emailLocale(language));
  const { words } = EMAIL_TEXTS[language];
  const all: EmailValues = {
    siteName: settings.siteName ?? EMAIL_TEXTS[language].words.ourSite,
    imageName: 'harbour-at-dawn.jpg',
    resolution: '4x',
    width: 8000,
    height: 5332,
    method: EMAIL_TEXTS[language].words.upscaledWith('Upsampler'),
    downloadUrl: `${SITE}/api/sell-my-images/downloads/sample-token`,
    expiresAt: formatEmailDate(SAMPLE_EXPIRY, language),
    maxDownloads: settings.maxDownloads,
    licence: 'Commercial',
    licenceUrl: `${SITE}/api/sell-my-images/licence?order=sample&sig=sample`,
    invoiceUrl: 'https://invoice.stripe.com/i/sample',
    orderId: '6f1c2a8e-0b3d-4c55-9a71-2d0e7f4b9c10',
    amount: money(1200),
    refundAmount: money(1200),
    supportEmail: settings.supportEmail,
    termsUrl: settings.termsUrl,
    // The order e-mail: two lines delivered, one refunded, and the ZIP.
    items: [
      {
        text: words.orderItem('harbour-at-dawn.jpg', '4x', 8000, 5332),
        url: `${SITE}/api/sell-my-images/downloads/sample-token-1`,
        label: words.download,
      },
      {
        text: words.orderItem('old-lighthouse.jpg', '2x', 4000, 6000),
        url: `${SITE}/api/sell-my-images/downloads/sample-token-2`,
        label: words.download,
      },
      { text: words.orderItemRefunded('night-market.jpg', '4x', money(1200)) },
    ],
    zipUrl: `${SITE}/api/sell-my-images/orders/6f1c2a8e-0b3d-4c55-9a71-2d0e7f4b9c10/zip?token=sample`,
  };
  const known = new Set<string>(PLACEHOLDERS_BY_KIND[kind]);
  return Object.fromEntries(Object.entries(all).filter(([name]) => known.has(name)));
}
