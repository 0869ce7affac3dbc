/** The customer e-mails in English (the defaults the owner may replace; syntax in shared/email-placeholders.ts). */
import type { EmailTexts } from './types';

const footer =
  '{{#supportEmail}}Questions? Write to {{supportEmail}}.{{/supportEmail}}{{#termsUrl}}\nTerms of sale: {{termsUrl}}{{/termsUrl}}';

export const EN: EmailTexts = {
  templates: {
    link: {
      subject: 'Your high-resolution image is ready — {{siteName}}',
      body: `# Your high-resolution image is ready

Thank you for your purchase! Your image {{imageName}} — {{resolution}} ({{width}} × {{height}} px) is ready.{{#method}} {{method}}{{/method}}

[Download your image]({{downloadUrl}})

The link works until {{expiresAt}}.{{#maxDownloads}} Downloads allowed: {{maxDownloads}}.{{/maxDownloads}}
If the button does not work, copy this address: {{downloadUrl}}

{{#licence}}Licence: {{licence}}{{#licenceUrl}}
[Read your licence]({{licenceUrl}}){{/licenceUrl}}{{/licence}}

{{#invoiceUrl}}[Your invoice]({{invoiceUrl}}){{/invoiceUrl}}

${footer}`,
    },
    reminder: {
      subject: 'Your download link expires soon — {{siteName}}',
      body: `# Your download link expires soon

A reminder: the download link for {{imageName}} ({{resolution}}) expires on {{expiresAt}}.

[Download your image]({{downloadUrl}})

If the button does not work, copy this address: {{downloadUrl}}

${footer}`,
    },
    failure: {
      subject: 'We could not prepare your image — refunded — {{siteName}}',
      body: `# We could not prepare your image

We are sorry: we could not prepare the high-resolution copy of {{imageName}} ({{resolution}}).

Your payment of {{refundAmount}} has been refunded in full; depending on your bank it can take 5–10 days to appear.

${footer}`,
    },
    order: {
      subject: 'Your images are ready — {{siteName}}',
      body: `# Your images are ready

Thank you for your purchase! Here is your order:

{{items}}

{{#zipUrl}}[Download all (ZIP)]({{zipUrl}}){{/zipUrl}}

{{#expiresAt}}The links work until {{expiresAt}}.{{#maxDownloads}} Downloads allowed per image: {{maxDownloads}}.{{/maxDownloads}}{{/expiresAt}}

{{#refundAmount}}We could not prepare every image: {{refundAmount}} has been refunded; depending on your bank it can take 5–10 days to appear.{{/refundAmount}}

Order: {{orderId}} — {{amount}}

${footer}`,
    },
  },
  words: {
    ourSite: 'our site',
    yourImage: 'your image',
    nonAi: 'It was enlarged with a high-quality (non-AI) resize.',
    upscaledWith: (method) => `Upscaled with ${method}.`,
    download: 'Download',
    orderItem: (name, resolution, width, height) =>
      `${name} — ${resolution} (${width} × ${height} px)`,
    orderItemRefunded: (name, resolution, amount) =>
      `${name} — ${resolution}: could not be prepared, ${amount} refunded`,
  },
};
