// The text `init` adds to a Strapi app: config entries and a new config/plugins file in the
// form Strapi 5's own TypeScript templates use (typed with `Core.Config.Shared.ConfigParams`,
// so it compiles under `strict`), and the .env lines (docs/architecture.md, "init").

export const PLUGIN_NAME = 'strapi-plugin-sell-my-images';
export const CONFIG_PARAMS_TYPE = 'Core.Config.Shared.ConfigParams';
export const CORE_IMPORT = "import type { Core } from '@strapi/strapi';\n";

export const PLUGIN_PROPERTY = `'sell-my-images': { enabled: true }`;

export const EMAIL_PROPERTY = `email: {
  config: {
    provider: 'nodemailer',
    providerOptions: {
      host: env('SMTP_HOST'),
      port: env.int('SMTP_PORT', 587),
      // No login when SMTP_USER is empty: a relay that takes mail without one.
      auth: env('SMTP_USER') ? { user: env('SMTP_USER'), pass: env('SMTP_PASS') } : undefined,
    },
    settings: { defaultFrom: env('SMTP_FROM'), defaultReplyTo: env('SMTP_FROM') },
  },
}`;

export function newPluginsFile(typescript: boolean): string {
  return typescript
    ? `${CORE_IMPORT}\nconst config = (): Core.Config.Plugin => ({});\n\nexport default config;\n`
    : 'module.exports = () => ({});\n';
}

export interface EnvVariable {
  name: string;
  comment: string;
  /** The value written; null writes the line commented out, as a placeholder. */
  value: string | null;
}

export function pluginVariables(encryptionKey: string): EnvVariable[] {
  return [
    {
      name: 'SMI_ENCRYPTION_KEY',
      comment:
        'Sell My Images: encrypts saved secrets and signs download links; the same on every instance, required in production.',
      value: encryptionKey,
    },
    {
      name: 'SMI_PUBLIC_URL',
      comment: 'Sell My Images: the URL visitors and Stripe webhooks reach this Strapi at.',
      value: 'http://localhost:1337',
    },
    {
      name: 'SMI_STRIPE_SECRET_KEY',
      comment:
        'Sell My Images: Stripe secret key (sk_test_…); optional, Settings → Sell My Images can hold it.',
      value: null,
    },
    {
      name: 'SMI_STRIPE_WEBHOOK_SECRET',
      comment:
        'Sell My Images: signing secret of the Stripe webhook (whsec_…); optional, the admin can hold it.',
      value: null,
    },
  ];
}

export const EMAIL_VARIABLES: EnvVariable[] = [
  { name: 'SMTP_HOST', comment: 'E-mail: your SMTP server.', value: 'smtp.example.com' },
  { name: 'SMTP_PORT', comment: 'E-mail: its port (587: STARTTLS).', value: '587' },
  { name: 'SMTP_USER', comment: 'E-mail: SMTP user name (empty: no login).', value: '' },
  { name: 'SMTP_PASS', comment: 'E-mail: SMTP password.', value: '' },
  {
    name: 'SMTP_FROM',
    comment: 'E-mail: the sender of the shop e-mails.',
    value: '"My shop <shop@example.com>"',
  },
];
