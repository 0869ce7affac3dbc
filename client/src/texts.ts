/** Every text the helper shows; override any of them with `texts` (i18n). */
export const TEXTS = {
  button: 'Download Hi-Res',
  title: 'Buy a high-resolution copy',
  resolution: 'Resolution',
  licence: 'Licence',
  licenceTerms: 'Licence terms',
  /** After a price when the shop adds tax on top (Stripe Tax, exclusive). */
  plusTax: 'plus tax',
  /** After a price that includes tax (Stripe Tax, inclusive). */
  inclTax: 'incl. tax',
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
  compare: 'Compare before and after',
  before: 'Before',
  after: 'After',
  preparing: 'Preparing preview…',
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
  /** `{d}`: the link's expiry, `{n}`: downloads it still allows, `{e}`: the masked address. */
  until: 'Link works until {d}',
  left: 'downloads left: {n}',
  sentTo: 'Also sent to {e}',
  /** `{a}`: the amount refunded, `{d}`: the day it arrives by. */
  refunded:
    'We could not prepare your image. Your payment of {a} is refunded; it reaches your account by {d} (5–10 business days).',
  orderTitle: 'Your high-resolution images',
  zip: 'Download all (ZIP)',
  // The cart (`enableCart`, `data-cart`).
  addToCart: 'Add to cart',
  added: 'Added to the cart.',
  inCart: 'Already in the cart.',
  cartFull: 'The cart is full.',
  /** The cart button, also announced when the cart changes; `{n}`: how many images it holds. */
  cartButton: 'Cart ({n})',
  cartTitle: 'Your cart',
  cartEmpty: 'Your cart is empty.',
  remove: 'Remove',
  /** `{n}`: the percentage off. */
  discount: 'Quantity discount ({n}% off)',
  total: 'Total',
  checkout: 'Checkout',
};

export type Texts = typeof TEXTS;

/** The same texts in French, chosen when the visitor's language (`locale`) is French. */
export const TEXTS_FR: Texts = {
  button: 'Télécharger en HD',
  title: 'Acheter une copie haute résolution',
  resolution: 'Résolution',
  licence: 'Licence',
  licenceTerms: 'Conditions de la licence',
  plusTax: 'HT',
  inclTax: 'TTC',
  email: 'E-mail pour le lien de téléchargement',
  emailHint: 'Facultatif : Stripe le demande sinon.',
  buy: 'Continuer vers le paiement',
  close: 'Fermer',
  loading: 'Chargement des prix…',
  terms: 'Conditions de vente',
  unavailable: 'indisponible pour cette image',
  upscaledWith: 'Agrandie avec',
  aboutMinutes: 'environ {n} min',
  compare: 'Comparer avant et après',
  before: 'Avant',
  after: 'Après',
  preparing: "Préparation de l'aperçu…",
  notForSale: "Cette image n'est pas en vente.",
  rateLimited: 'Trop de tentatives. Attendez une minute et réessayez.',
  network: 'La boutique est injoignable. Vérifiez votre connexion et réessayez.',
  failed: "Une erreur s'est produite. Veuillez réessayer.",
  statusTitle: 'Votre image haute résolution',
  waiting: 'En attente de la confirmation du paiement…',
  processing:
    'Votre image est en préparation. Cette page se met à jour seule ; vous recevrez aussi un e-mail.',
  ready: 'Votre image est prête.',
  download: 'Télécharger',
  jobFailed:
    "Nous n'avons pas pu préparer votre image. Votre paiement est remboursé ; vous recevrez un e-mail.",
  abandoned: "Le paiement n'a pas abouti.",
  slow: 'Cela prend plus de temps que prévu. Vous recevrez un e-mail avec le lien.',
  until: "Lien valable jusqu'au {d}",
  left: 'téléchargements restants : {n}',
  sentTo: 'Aussi envoyé à {e}',
  refunded:
    "Nous n'avons pas pu préparer votre image. Votre paiement de {a} est remboursé ; il arrive sur votre compte d'ici le {d} (5 à 10 jours ouvrés).",
  orderTitle: 'Vos images haute résolution',
  zip: 'Tout télécharger (ZIP)',
  addToCart: 'Ajouter au panier',
  added: 'Ajoutée au panier.',
  inCart: 'Déjà dans le panier.',
  cartFull: 'Le panier est plein.',
  cartButton: 'Panier ({n})',
  cartTitle: 'Votre panier',
  cartEmpty: 'Votre panier est vide.',
  remove: 'Retirer',
  discount: 'Remise sur quantité ({n} %)',
  total: 'Total',
  checkout: 'Payer',
};

/** The built-in texts for a language tag (`fr`, `fr-CA` → French; anything else → English). */
export const textsFor = (locale?: string): Texts =>
  /^fr([-_]|$)/i.test(locale ?? '') ? TEXTS_FR : TEXTS;
