import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import type { JobStatusAnswer } from '../../shared/contracts/jobs';
import type { StripeWebhookNotPublic } from '../../shared/contracts/stripe-webhook';
import { startSmtpCapture, type SmtpCapture } from '../fakes/smtp';
import { startStripeFake, type StripeFake } from '../fakes/stripe';
import { registerFirstAdmin, uploadFile } from './helpers/admin';
import {
  createTestDatabase,
  selectedClient,
  TMP_ROOT,
  type TestDatabase,
} from './helpers/databases';
import {
  copyFixture,
  installPacked,
  packPlugin,
  PLUGIN_PACKAGE,
  runCommand,
} from './helpers/fixture-app';
import { makeImage } from './helpers/images';
import { Playground } from './helpers/playground';
import { startCheckout } from './helpers/shop';
import { until } from './helpers/wait';

/**
 * "A first sale in minutes" (README "Install into an existing Strapi 5 app"): a copy of a
 * new Strapi 5.54 TypeScript app (tests/fixtures/strapi-ts-app) gets the plugin the way a
 * site owner does — install the published tarball, `npx strapi-plugin-sell-my-images init`,
 * paste the Stripe test key in the admin — then is built, booted, and sells one image:
 * checkout, Stripe's signed `checkout.session.completed`, the upscale (the default `sharp`
 * upscaler, which needs no account), the e-mail with the link, and the 4x download.
 *
 * It builds a whole Strapi admin (about a minute), so it runs once per test run: on the
 * first database of TEST_DATABASES (or on DATABASE_CLIENT when run alone).
 */
const client = selectedClient();
const firstDatabase = (process.env.TEST_DATABASES ?? client).split(',')[0]?.trim().toLowerCase();
const runsHere = [client, client === 'mysql' ? 'mariadb' : client].includes(firstDatabase ?? '');
if (!runsHere) {
  console.log(`first-sale: skipped on ${client}: it runs once per run, on ${firstDatabase}`);
}

/** Where the app's own shell would find `npx`, `node`, `tar`… and nothing else of ours. */
const baseEnv = (): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  // Test plumbing: no telemetry calls from CI.
  STRAPI_TELEMETRY_DISABLED: 'true',
});

(runsHere ? describe : describe.skip)(`first sale on a new Strapi app (${client})`, () => {
  const workDir = path.join(TMP_ROOT, `first-sale-${randomBytes(4).toString('hex')}`);
  const appDir = path.join(workDir, 'app');
  const timings: Record<string, number> = {};
  let stripe: StripeFake;
  let smtp: SmtpCapture;
  let database: TestDatabase;
  let app: Playground | undefined;

  /** Runs one phase and keeps its duration in seconds for the summary. */
  async function timed<T>(phase: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      timings[phase] = Math.round((performance.now() - started) / 100) / 10;
    }
  }

  /** `npx strapi-plugin-sell-my-images init --with-email` in the app, without a terminal. */
  const init = () =>
    runCommand('npx', ['--no-install', PLUGIN_PACKAGE, 'init', '--with-email'], {
      cwd: appDir,
      env: baseEnv(),
    });
  const changedFiles = (output: string) =>
    [...output.matchAll(/^(?:Created|Updated) (\S+):/gm)].map((match) => match[1]).sort();
  const snapshot = () =>
    ['.env', 'config/plugins.ts', 'config/server.ts'].map((file) =>
      readFileSync(path.join(appDir, file), 'utf8'),
    );

  beforeAll(async () => {
    mkdirSync(workDir, { recursive: true });
    // Keys shaped as Stripe's own (letters and digits after the prefix), as the settings check.
    stripe = await startStripeFake({
      apiKey: `sk_test_${randomBytes(12).toString('hex')}`,
      webhookSecret: `whsec_${randomBytes(16).toString('hex')}`,
      retryDelaysMs: [200],
    });
    smtp = await startSmtpCapture();
    database = await createTestDatabase('first-sale');
  });

  afterAll(async () => {
    // Every step runs even when one before it failed (or the app never booted).
    const steps: Array<() => Promise<unknown> | unknown> = [
      () => app?.destroy(),
      () => stripe?.close(),
      () => smtp?.close(),
      () => database?.drop(),
      () => rmSync(workDir, { recursive: true, force: true }),
    ];
    for (const step of steps) await (async () => step())().catch(() => undefined);
    const total = Object.values(timings).reduce((sum, seconds) => sum + seconds, 0);
    console.log(
      `first-sale timings (${client}): ${Object.entries(timings)
        .map(([phase, seconds]) => `${phase} ${seconds} s`)
        .join(', ')}; total ${Math.round(total * 10) / 10} s`,
    );
  });

  it('installs the packed plugin and runs init: 3 files changed, then nothing', async () => {
    await timed('copy+install', async () => {
      copyFixture('strapi-ts-app', appDir);
      await installPacked(appDir, await packPlugin(workDir));
    });
    const before = snapshot();
    const first = await timed('init', init);
    expect(first.code).toBe(0);
    expect(changedFiles(first.output)).toEqual(['.env', 'config/plugins.ts', 'config/server.ts']);
    expect(first.output).toContain('Settings → Sell My Images');

    const edited = snapshot();
    expect(edited).not.toEqual(before);
    const second = await init();
    expect(second.code).toBe(0);
    expect(changedFiles(second.output)).toEqual([]);
    expect(second.output).toMatch(/^Nothing to change: /m);
    expect(snapshot()).toEqual(edited);
  });

  it('builds the app and boots it with nothing but the test plumbing set', async () => {
    const built = await timed('build', () =>
      runCommand('npm', ['run', 'build'], { cwd: appDir, env: baseEnv(), timeoutMs: 300_000 }),
    );
    if (built.code !== 0) throw new Error(`npm run build failed:\n${built.output.slice(-4000)}`);

    // Test plumbing only (a site owner sets none of these): the port and loopback address
    // of this run, its database, where the stand-ins listen (Stripe API, SMTP server), and
    // the public URL, which must name this run's port instead of the 1337 init wrote.
    // Everything else comes from what init wrote (.env, config/) and the admin.
    const plumbing: Record<string, string> = {
      ...baseEnv(),
      SMI_STRIPE_API_URL: stripe.url,
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
      ...(database.env.DATABASE_FILENAME
        ? // The generator's database.ts joins DATABASE_FILENAME to the app's folder.
          { DATABASE_FILENAME: path.relative(appDir, database.env.DATABASE_FILENAME) }
        : {}),
    };
    app = await timed('boot', () =>
      Playground.start({
        label: 'first-sale',
        database,
        env: plumbing,
        app: {
          dir: appDir,
          args: [
            path.join(appDir, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js'),
            'start',
          ],
        },
      }),
    );
    // The start-up checks see init's e-mail provider and cron; only the key is missing.
    expect(app.logs).toContain('no Stripe secret key');
    expect(app.logs).not.toContain('no e-mail provider is configured');
    expect(app.logs).not.toContain('cron is disabled');
  }, 420_000); // the admin build alone takes about a minute, more on a busy machine

  it('sells one image: key pasted, checkout, signed webhook, upscale, e-mail, 4x download', async () => {
    if (!app) throw new Error('the app did not boot');
    const shop = app;
    await timed('purchase', async () => {
      const admin = await registerFirstAdmin(shop);
      /** An admin API call that must answer `status`; the answer's body. */
      const adminApi = async (route: string, method: string, json?: unknown, status = 200) => {
        const res = await fetch(`${shop.url}/sell-my-images${route}`, {
          method,
          headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
          body: json === undefined ? undefined : JSON.stringify(json),
        });
        const text = await res.text();
        if (res.status !== status) throw new Error(`${method} ${route}: ${res.status} ${text}`);
        return JSON.parse(text) as { data?: unknown; error?: { details: unknown } };
      };

      // Step 3 of the owner: paste the Stripe test key in Settings → Sell My Images.
      const pasted = await adminApi('/settings', 'PUT', { stripeSecretKey: stripe.apiKey });
      expect(pasted.data).toMatchObject({
        stripeMode: 'test',
        sources: { stripeSecretKey: 'stored' },
      });
      // "Set up webhook" on a loopback URL answers the `stripe listen` command (README);
      // the Stripe fake plays `stripe listen`: it forwards to that URL, signing with the
      // secret it printed, which the owner saves as the webhook signing secret.
      const setup = await adminApi('/settings/stripe-webhook', 'POST', undefined, 409);
      const notPublic = setup.error?.details as StripeWebhookNotPublic;
      expect(notPublic.reason).toBe('not_public');
      const forwardTo = /--forward-to (\S+)/.exec(notPublic.command)?.[1];
      expect(forwardTo).toBe(shop.pluginUrl('/webhooks/stripe'));
      stripe.setWebhook(forwardTo ?? null, stripe.webhookSecret);
      const saved = await adminApi('/settings', 'PUT', {
        stripeWebhookSecret: stripe.webhookSecret,
      });
      expect(saved.data).toMatchObject({ sources: { stripeWebhookSecret: 'stored' } });

      // An image of the media library, switched on for sale (a new app has no content types).
      const image = await uploadFile(shop, admin, {
        name: 'harbour.jpg',
        data: await makeImage(320, 240, 'jpeg'),
        mime: 'image/jpeg',
      });
      await adminApi(`/media/${image.id}/sale`, 'PUT', { forSale: true });
      const api = (route: string, requestInit?: RequestInit) =>
        fetch(shop.pluginUrl(route), requestInit);
      const prices = await (await api(`/prices?fileId=${image.documentId}`)).json();
      expect(prices.options[0]).toMatchObject({ resolution: '4x', available: true });

      const email = 'first-buyer@example.test';
      const { jobId, session } = await startCheckout(
        { api, stripe },
        {
          fileId: image.documentId,
          resolution: '4x',
          email,
        },
      );
      await stripe.completeSession(session.id);
      expect(stripe.deliveries.find((d) => d.type === 'checkout.session.completed')).toMatchObject({
        delivered: true,
        url: forwardTo,
      });
      const status = await until(
        async () =>
          (await (await api(`/jobs/${jobId}?session=${session.id}`)).json()) as JobStatusAnswer,
        (s) => s.status === 'completed' || s.status === 'failed',
        90_000,
      );
      expect(status).toMatchObject({ status: 'completed', paymentStatus: 'paid' });

      const mail = await smtp.waitForMessage((m) => m.to.includes(email), 30_000);
      expect(mail.text).toContain('non-AI'); // the default upscaler: sharp, no account needed
      const link = /(http:\/\/\S+\/downloads\/[A-Za-z0-9_-]{43})/.exec(mail.text ?? '')?.[1];
      expect(link).toBe(status.downloadUrl);
      const download = await fetch(link ?? '');
      expect(download.status).toBe(200);
      const bytes = Buffer.from(await download.arrayBuffer());
      const meta = await sharp(bytes).metadata();
      expect([meta.width, meta.height]).toEqual([1280, 960]);
    });
  });
});
