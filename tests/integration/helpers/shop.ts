import type { Knex } from 'knex';
import { startStripeFake, type StripeFake } from '../../fakes/stripe';
import { registerFirstAdmin, uploadFile, type AdminSession, type UploadedFile } from './admin';
import { makeImage } from './images';
import { Playground } from './playground';

/** A playground wired to a Stripe fake (SDK URL, key, webhook secret), with an admin and a few images. */
export interface Shop {
  app: Playground;
  stripe: StripeFake;
  admin: AdminSession;
  db: Knex;
  images: Record<'large' | 'medium' | 'small' | 'tiny', UploadedFile> & { pdf: UploadedFile };
  api(path: string, init?: RequestInit): Promise<Response>;
  adminApi(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

export async function openShop(label: string, env: Record<string, string> = {}): Promise<Shop> {
  const stripe = await startStripeFake({ retryDelaysMs: [100, 300] });
  const app = await Playground.start({
    label,
    env: {
      SMI_STRIPE_SECRET_KEY: stripe.apiKey,
      SMI_STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
      SMI_STRIPE_API_URL: stripe.url,
      SMI_RATE_LIMIT_CHECKOUT: '100000',
      SMI_RATE_LIMIT_CLICKS: '100000',
      ...env,
    },
  });
  stripe.setWebhook(`${app.url}/api/sell-my-images/webhooks/stripe`);
  const admin = await registerFirstAdmin(app);
  const upload = async (name: string, w: number, h: number) =>
    uploadFile(app, admin, { name, data: await makeImage(w, h, 'png'), mime: 'image/png' });
  const images = {
    large: await upload('large.png', 2000, 2000),
    medium: await upload('medium.png', 1000, 1000),
    small: await upload('small.png', 500, 500),
    tiny: await upload('tiny.png', 60, 60),
    pdf: await uploadFile(app, admin, { name: 'terms.pdf', data: Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'), mime: 'application/pdf' }),
  };
  const db = app.database.connect();
  return {
    app,
    stripe,
    admin,
    db,
    images,
    api: (path, init) => fetch(`${app.url}/api/sell-my-images${path}`, init),
    adminApi: (path, init = {}) => {
      const { json, ...rest } = init;
      return fetch(`${app.url}/sell-my-images${path}`, {
        ...rest,
        headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json', ...(rest.headers ?? {}) },
        body: json === undefined ? rest.body : JSON.stringify(json),
      });
    },
    async close() {
      await db.destroy();
      await stripe.close();
      await app.destroy();
    },
  };
}

export const postJson = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** Row counts of the plugin's tables: "a bad request changed nothing" is checked with these. */
export async function tableCounts(db: Knex): Promise<Record<string, number>> {
  const tables = ['smi_jobs', 'smi_job_transitions', 'smi_stripe_events', 'smi_clicks', 'smi_sale_rules', 'smi_settings'];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const [{ n }] = await db(table).count({ n: '*' });
    counts[table] = Number(n);
  }
  return counts;
}
