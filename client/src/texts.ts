/** Every text the helper shows; override any of them with `texts` (i18n). */
export const TEXTS = {
  button: 'Download Hi-Res',
  title: 'Buy a high-resolution copy',
  resolution: 'Resolution',
  email: 'E-mail for the download link',
  emailHint: 'Optional: Stripe asks for it otherwise.',
  buy: 'Continue to payment',
  close: 'Close',
  loading: 'Loading prices…',
  terms: 'Terms of sale',
  unavailable: 'not available for this image',
  upscaledWith: 'Upscaled with',
  /** `{n}`: whole minutes. */
  aboutMinutes: 'about {n} min',
  notForSale: 'This image is not for sale.',
  rateLimited: 'Too many attempts. Please wait a minute and try again.',
  network: 'We could not reach the shop. Check your connection and try again.',
  failed: 'Something went wrong. Please try again.',
  statusTitle: 'Your high-resolution image',
  waiting: 'Waiting for the payment confirmation…',
  processing:
    'Your image is being prepared. This page updates by itself; you will also get an e-mail.',
  ready: 'Your image is ready.',
  download: 'Download',
  jobFailed: 'We could not prepare your image. Your payment is refunded; you will get an e-mail.',
  abandoned: 'The payment was not completed.',
  slow: 'This takes longer than usual. You will get an e-mail with the link.',
};

export type Texts = typeof TEXTS;
