/** The customer e-mails in French (the defaults the owner may replace; syntax in shared/email-placeholders.ts). */
import type { EmailTexts } from './types';

const footer =
  '{{#supportEmail}}Une question ? Écrivez à {{supportEmail}}.{{/supportEmail}}{{#termsUrl}}\nConditions de vente : {{termsUrl}}{{/termsUrl}}';

export const FR: EmailTexts = {
  templates: {
    link: {
      subject: 'Votre image haute résolution est prête — {{siteName}}',
      body: `# Votre image haute résolution est prête

Merci pour votre achat ! Votre image {{imageName}} — {{resolution}} ({{width}} × {{height}} px) est prête.{{#method}} {{method}}{{/method}}

[Télécharger votre image]({{downloadUrl}})

Le lien est valable jusqu’au {{expiresAt}}.{{#maxDownloads}} Téléchargements autorisés : {{maxDownloads}}.{{/maxDownloads}}
Si le bouton ne fonctionne pas, copiez cette adresse : {{downloadUrl}}

{{#licence}}Licence : {{licence}}{{#licenceUrl}}
[Lire votre licence]({{licenceUrl}}){{/licenceUrl}}{{/licence}}

{{#invoiceUrl}}[Votre facture]({{invoiceUrl}}){{/invoiceUrl}}

${footer}`,
    },
    reminder: {
      subject: 'Votre lien de téléchargement expire bientôt — {{siteName}}',
      body: `# Votre lien de téléchargement expire bientôt

Un rappel : le lien de téléchargement de {{imageName}} ({{resolution}}) expire le {{expiresAt}}.

[Télécharger votre image]({{downloadUrl}})

Si le bouton ne fonctionne pas, copiez cette adresse : {{downloadUrl}}

${footer}`,
    },
    failure: {
      subject: 'Nous n’avons pas pu préparer votre image — remboursée — {{siteName}}',
      body: `# Nous n’avons pas pu préparer votre image

Nous sommes désolés : nous n’avons pas pu préparer la copie haute résolution de {{imageName}} ({{resolution}}).

Votre paiement de {{refundAmount}} a été intégralement remboursé ; selon votre banque, il peut apparaître sous 5 à 10 jours.

${footer}`,
    },
    order: {
      subject: 'Vos images sont prêtes — {{siteName}}',
      body: `# Vos images sont prêtes

Merci pour votre achat ! Voici votre commande :

{{items}}

{{#zipUrl}}[Tout télécharger (ZIP)]({{zipUrl}}){{/zipUrl}}

{{#expiresAt}}Les liens sont valables jusqu’au {{expiresAt}}.{{#maxDownloads}} Téléchargements autorisés par image : {{maxDownloads}}.{{/maxDownloads}}{{/expiresAt}}

{{#refundAmount}}Nous n’avons pas pu préparer toutes les images : {{refundAmount}} a été remboursé ; selon votre banque, le remboursement peut apparaître sous 5 à 10 jours.{{/refundAmount}}

Commande : {{orderId}} — {{amount}}

${footer}`,
    },
  },
  words: {
    ourSite: 'notre site',
    yourImage: 'votre image',
    nonAi: 'Elle a été agrandie par un redimensionnement de haute qualité (sans IA).',
    upscaledWith: (method) => `Agrandie avec ${method}.`,
    download: 'Télécharger',
    orderItem: (name, resolution, width, height) =>
      `${name} — ${resolution} (${width} × ${height} px)`,
    orderItemRefunded: (name, resolution, amount) =>
      `${name} — ${resolution} : impossible à préparer, ${amount} remboursé`,
  },
};
