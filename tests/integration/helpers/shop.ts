import type { Knex } from 'knex';
import type { CheckoutRequest } from '../../../shared/contracts/prices';
import {
  startStripeFake,
  type CheckoutSession,
  type StripeEvent,
  type StripeFake,
} from '../../fakes/stripe';
import { startSmtpCapture, type SmtpCapture } from '../../fakes/smtp';
import { startUpsamplerFake, type UpsamplerFake } from '../../fakes/upsampler';
import { registerFirstAdmin, uploadFile, type AdminSession, type UploadedFile } from './admin';
import { makeImage } from './images';
import { Playground, UNLIMITED_RATES } from './playground';
import { until } from './wait';

/**
 * A playground wired to a Stripe fake (SDK URL, key, webhook secret), with an admin and a
 * few images, each shown by a published `photo` entry (in sale mode `all` an image no
 * published entry uses is not for sale).
 */
export interface Shop {
  app: Playground;
  stripe: StripeFake;
  smtp: SmtpCapture;
  upsampler: UpsamplerFake;
  admin: AdminSession;
  db: Knex;
  images: Record<'large' | 'medium' | 'small' | 'tiny', UploadedFile> & { pdf: UploadedFile };
  api(path: string, init?: RequestInit): Promise<Response>;
  adminApi(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

export async function openShop(
  label: string,
  env: Record<string, string | undefined> = {},
): Promise<Shop> {
  const stripe = await startStripeFake({ retryDelaysMs: [100, 300] });
  const smtp = await startSmtpCapture();
  const upsampler = await startUpsamplerFake({ processingMs: 50, rateLimitPerMinute: 100_000 });
  const app = await Playground.start({
    label,
    env: {
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
      SMI_UPSAMPLER_API_URL: upsampler.url,
      SMI_UPSAMPLER_API_KEY: upsampler.apiKey,
      SMI_WORKER_POLL_MS: '200',
      SMI_WORKER_FIRST_POLL_MS: '300',
      SMI_WORKER_MAX_POLL_MS: '500',
      SMI_WORKER_RETRY_BASE_MS: '200',
      SMI_WORKER_LEASE_MS: '30000',
      SMI_STRIPE_SECRET_KEY: stripe.apiKey,
      SMI_STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
      SMI_STRIPE_API_URL: stripe.url,
      ...UNLIMITED_RATES,
      ...env,
    },
  });
  stripe.setWebhook(app.pluginUrl('/webhooks/stripe'));
  const admin = await registerFirstAdmin(app);
  const upload = (name: string, w: number, h: number) => uploadPng({ app, admin }, name, w, h);
  const images = {
    large: await upload('large.png', 2000, 2000),
    medium: await upload('medium.png', 1000, 1000),
    small: await upload('small.png', 500, 500),
    tiny: await upload('tiny.png', 60, 60),
    pdf: await uploadFile(app, admin, {
      name: 'terms.pdf',
      data: Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
      mime: 'application/pdf',
    }),
  };
  for (const key of ['large', 'medium', 'small', 'tiny'] as const)
    await publishPhoto(app, key, images[key].id);
  const db = app.database.connect();
  return {
    app,
    stripe,
    smtp,
    upsampler,
    admin,
    db,
    images,
    api: (path, init) => fetch(app.pluginUrl(path), init),
    adminApi: (path, init = {}) => {
      const { json, ...rest } = init;
      return fetch(`${app.url}/sell-my-images${path}`, {
        ...rest,
        headers: {
          authorization: `Bearer ${admin.token}`,
          'content-type': 'application/json',
          ...(rest.headers ?? {}),
        },
        body: json === undefined ? rest.body : JSON.stringify(json),
      });
    },
    async close() {
      await db.destroy();
      await app.destroy();
      await stripe.close();
      await smtp.close();
      await upsampler.close();
    },
  };
}

export const postJson = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** Creates and publishes a `photo` entry showing the file `fileId`: its documentId. */
export async function publishPhoto(
  app: Playground,
  title: string,
  fileId: number,
): Promise<string> {
  const created = await app.testSupport('POST', '/documents/api::photo.photo', {
    data: { title, image: fileId },
    status: 'published',
  });
  if (created.status !== 201) throw new Error(`publishing a photo answered ${created.status}`);
  return String(created.body.documentId);
}

/** A generated PNG of `width`×`height` uploaded to the media library as the shop's admin. */
export async function uploadPng(
  shop: Pick<Shop, 'app' | 'admin'>,
  name: string,
  width: number,
  height: number,
): Promise<UploadedFile> {
  const data = await makeImage(width, height, 'png');
  return uploadFile(shop.app, shop.admin, { name, data, mime: 'image/png' });
}

/** The plugin's row of a job (snake_case columns as stored). */
export const jobRow = (shop: Pick<Shop, 'db'>, jobId: string) =>
  shop.db('smi_jobs').where({ job_id: jobId }).first();

/**
 * Moves a job's download link expiry into the past (the housekeeping tests' "later"); with
 * `paidDaysAgo`, its payment too: a delivered file is kept until `paidAt + redownloadDays`
 * for "My purchases" (docs/architecture.md "Retention and privacy").
 */
export async function expireDownload(
  shop: Pick<Shop, 'app' | 'db'>,
  jobId: string,
  { paidDaysAgo }: { paidDaysAgo?: number } = {},
) {
  const at = (date: Date) => (shop.app.database.client === 'sqlite' ? date.getTime() : date);
  const paidAt =
    paidDaysAgo === undefined ? undefined : new Date(Date.now() - paidDaysAgo * 86_400_000);
  await shop
    .db('smi_jobs')
    .where({ job_id: jobId })
    .update({
      download_expires_at: at(new Date(Date.now() - 60_000)),
      ...(paidAt && { paid_at: at(paidAt) }),
    });
}

/** The Checkout Session the plugin opened in the Stripe fake for a job. */
export function sessionOf(shop: Pick<Shop, 'stripe'>, jobId: string): CheckoutSession {
  const session = [...shop.stripe.sessions.values()].find((s) => s.client_reference_id === jobId);
  if (!session) throw new Error(`no Checkout Session for job ${jobId}`);
  return session;
}

/** A checkout through the public API (it must answer 201): the new job and its open session. */
export async function startCheckout(
  shop: Pick<Shop, 'api' | 'stripe'>,
  request: CheckoutRequest,
): Promise<{ jobId: string; session: CheckoutSession }> {
  const res = await shop.api('/checkout', postJson(request));
  if (res.status !== 201) throw new Error(`checkout answered ${res.status}: ${await res.text()}`);
  const { jobId } = (await res.json()) as { jobId: string };
  return { jobId, session: sessionOf(shop, jobId) };
}

/**
 * A checkout paid in the Stripe fake whose `checkout.session.completed` is held back (a
 * delayed or lost delivery): the job, the paid session, its payment intent and the event.
 */
export async function payQuietly(
  shop: Pick<Shop, 'api' | 'stripe'>,
  request: CheckoutRequest,
): Promise<{
  jobId: string;
  paid: CheckoutSession;
  paymentIntent: string;
  completed: StripeEvent;
}> {
  const { jobId, session } = await startCheckout(shop, request);
  const url = shop.stripe.webhookUrl;
  shop.stripe.setWebhook(null);
  const completed = await shop.stripe.completeSession(session.id);
  shop.stripe.setWebhook(url);
  const paid = shop.stripe.sessions.get(session.id) as CheckoutSession;
  return { jobId, paid, paymentIntent: paid.payment_intent as string, completed };
}

/** A checkout paid through the Stripe fake, as a buyer completes it: the job id and session id. */
export async function buy(
  shop: Pick<Shop, 'api' | 'stripe'>,
  request: CheckoutRequest,
): Promise<{ jobId: string; sessionId: string }> {
  const { jobId, session } = await startCheckout(shop, request);
  await shop.stripe.completeSession(session.id);
  return { jobId, sessionId: session.id };
}

/**
 * A purchase made with `buy`, then waited for until its job completed or failed (the
 * worker's whole run): the ids and the job's row.
 */
export async function buySettled(
  shop: Pick<Shop, 'api' | 'stripe' | 'db'>,
  request: CheckoutRequest,
  ms = 60_000,
) {
  const bought = await buy(shop, request);
  const row = await until(
    () => jobRow(shop, bought.jobId),
    (r) => r.status === 'completed' || r.status === 'failed',
    ms,
  );
  return { ...bought, row };
}

/** The body of an error in Strapi's shape (errors.* and http-errors through its error pipeline). */
export const strapiError = (
  status: number,
  name: string,
  message: string,
  details: Record<string, unknown> = {},
) => ({ data: null, error: { status, name, message, details } });

/** Row counts of the plugin's tables: "a bad request changed nothing" is checked with these. */
export async function tableCounts(db: Knex): Promise<Record<string, number>> {
  const tables = [
    'smi_jobs',
    'smi_job_transitions',
    'smi_stripe_events',
    'smi_clicks',
    'smi_sale_rules',
    'smi_settings',
  ];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const [{ n }] = await db(table).count({ n: '*' });
    counts[table] = Number(n);
  }
  return counts;
}
