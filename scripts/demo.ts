/**
 * `npm run demo`: the whole thing on this machine, with no accounts.
 *
 * Builds what is missing, starts the local stand-ins (a Stripe API simulator with a
 * hosted checkout page, an SMTP capture with an inbox page), then the playground
 * Strapi wired to them, creates a demo admin, and prints the URLs. With real
 * SMI_STRIPE_SECRET_KEY / SMI_STRIPE_WEBHOOK_SECRET in the environment, the real
 * Stripe is used instead of the simulator. Stops everything on Ctrl-C.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
// @ts-expect-error plain ESM helper shared with scripts/test.mjs
import { playgroundBuildDue, pluginBuildDue } from './build-state.mjs';
import { startSmtpCapture } from '../tests/fakes/smtp';
import { startStripeFake } from '../tests/fakes/stripe';
import { seedDemoEntries, seedDemoImages, writeGalleryPage } from './demo-seed';
import { configureDemoSelling } from './demo-selling';
import { UPSCALER_LABELS, isUpscalerName } from '../server/src/upscalers';
import { localAiAvailability } from '../server/src/upscalers/local-ai/service';

const ROOT = path.resolve(__dirname, '..');
const PORT = Number(process.env.PORT ?? 1337);
const HOST = process.env.HOST ?? '127.0.0.1';
const PUBLIC_URL =
  process.env.SMI_PUBLIC_URL ?? `http://${HOST === '0.0.0.0' ? '127.0.0.1' : HOST}:${PORT}`;
// `npm run demo -- --local-ai`: ESRGAN on this machine instead of the sharp resize. The
// choice is saved as a setting, so it can be switched in the admin's settings page while
// the demo runs; SMI_UPSCALER, when set, locks it instead (as on a real site).
const UPSCALER_LOCKED = Boolean(process.env.SMI_UPSCALER);
const UPSCALER = process.argv.includes('--local-ai')
  ? 'local-ai'
  : (process.env.SMI_UPSCALER ?? 'sharp');
const DEMO_ADMIN = {
  firstname: 'Demo',
  lastname: 'Owner',
  email: 'admin@demo.test',
  password: 'Demo-Passw0rd',
};

function build(): void {
  const env = { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true' };
  if (pluginBuildDue())
    spawnSync('npm', ['run', 'build:plugin'], { cwd: ROOT, stdio: 'inherit', env });
  if (playgroundBuildDue())
    spawnSync('npm', ['run', 'build:playground'], { cwd: ROOT, stdio: 'inherit', env });
}

/** Strapi's REST prefix (the playground reads API_REST_PREFIX, default `/api`). */
const API_PREFIX = process.env.API_REST_PREFIX ?? '/api';
const pluginApi = (url: string) => `${url}${API_PREFIX}/sell-my-images`;

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${pluginApi(url)}/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`Strapi did not start within ${timeoutMs / 1000} s`);
}

/** Creates the demo admin on first run, logs in otherwise; returns an admin token. */
async function demoAdminToken(url: string): Promise<string> {
  const init = (await (await fetch(`${url}/admin/init`)).json()) as {
    data?: { hasAdmin?: boolean };
  };
  const path = init.data?.hasAdmin ? '/admin/login' : '/admin/register-admin';
  const body = init.data?.hasAdmin
    ? { email: DEMO_ADMIN.email, password: DEMO_ADMIN.password }
    : DEMO_ADMIN;
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok)
    throw new Error(`Could not sign in the demo admin: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { data: { token: string } }).data.token;
}

/** The upscaler line of the banner: what visitors will be told, and what local-ai needs. */
function upscalerChoice(): string {
  const label = isUpscalerName(UPSCALER) ? UPSCALER_LABELS[UPSCALER] : 'unknown provider';
  const switching = UPSCALER_LOCKED
    ? ' (locked by SMI_UPSCALER)'
    : '; switch in Admin → Settings → Sell My Images → Upscaler';
  if (UPSCALER !== 'local-ai')
    return `${UPSCALER} — ${label}${UPSCALER === 'sharp' ? `${switching}, or run with --local-ai` : switching}`;
  const availability = localAiAvailability();
  return availability.available
    ? `local-ai — ${label}, ESRGAN model per the settings (default: slim); the first price request calibrates this machine for expected times${switching}`
    : `local-ai — NOT AVAILABLE: ${availability.message}`;
}

/** Saves the upscaler choice through the admin settings API, as the settings page does. */
async function chooseUpscaler(url: string, token: string, upscaler: string): Promise<void> {
  const res = await fetch(`${url}/sell-my-images/settings`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ upscaler }),
  });
  if (res.status !== 200)
    throw new Error(`Choosing the ${upscaler} upscaler failed: ${res.status} ${await res.text()}`);
}

async function main(): Promise<void> {
  build();

  const useRealStripe = Boolean(
    process.env.SMI_STRIPE_SECRET_KEY && process.env.SMI_STRIPE_WEBHOOK_SECRET,
  );
  const webhookUrl = `${pluginApi(PUBLIC_URL)}/webhooks/stripe`;
  const stripe = useRealStripe
    ? null
    : await startStripeFake({ port: Number(process.env.STRIPE_FAKE_PORT ?? 0), webhookUrl });
  const smtp = await startSmtpCapture({
    port: Number(process.env.SMTP_CAPTURE_PORT ?? 0),
    inboxPort: Number(process.env.SMTP_INBOX_PORT ?? 0),
  });

  const dataDir = path.join(ROOT, 'playground', '.tmp');
  mkdirSync(dataDir, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    STRAPI_TELEMETRY_DISABLED: 'true',
    HOST,
    PORT: String(PORT),
    SMI_PUBLIC_URL: PUBLIC_URL,
    DATABASE_CLIENT: process.env.DATABASE_CLIENT ?? 'sqlite',
    DATABASE_FILENAME: process.env.DATABASE_FILENAME ?? path.join(dataDir, 'demo.db'),
    SMI_STORAGE_DIR: process.env.SMI_STORAGE_DIR ?? path.join(dataDir, 'storage'),
    SMTP_HOST: smtp.host,
    SMTP_PORT: String(smtp.port),
    ...(stripe
      ? {
          SMI_STRIPE_SECRET_KEY: stripe.apiKey,
          SMI_STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
          SMI_STRIPE_API_URL: stripe.url,
        }
      : {}),
  };

  const strapi = spawn(process.execPath, [path.join(ROOT, 'playground', 'scripts', 'serve.js')], {
    cwd: path.join(ROOT, 'playground'),
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    strapi.kill('SIGTERM');
    await Promise.allSettled([stripe?.close(), smtp.close()]);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  strapi.on('exit', (code) => {
    if (!stopping) {
      console.error(`Strapi exited (code ${code}).`);
      void stop();
    }
  });

  await waitForHealth(PUBLIC_URL, 180_000);
  const token = await demoAdminToken(PUBLIC_URL);
  if (!UPSCALER_LOCKED) await chooseUpscaler(PUBLIC_URL, token, UPSCALER);
  const images = await seedDemoImages(PUBLIC_URL, token);
  await seedDemoEntries(PUBLIC_URL, token, images);
  const promo = await configureDemoSelling(PUBLIC_URL, token, stripe);
  writeGalleryPage(path.join(ROOT, 'playground', 'public'), {
    simulator: Boolean(stripe),
    apiPrefix: API_PREFIX,
    shop: true,
  });

  console.log(`
────────────────────────────────────────────────────────────────────
 Sell My Images demo is running
   Demo gallery    ${PUBLIC_URL}/demo/index.html   (buy an upscaled copy here)
   Licences        Personal ×1, Commercial ×3, Editorial ×1.5${stripe ? ' · tax at test rates (FR 20 %) · invoices' : ''}
   Buyer extras    live before/after preview · cart (3+ images: 20 % off) · "My purchases"
${
  promo
    ? `   20 % off        ${PUBLIC_URL}/demo/index.html?promo=${promo}
`
    : ''
}   Admin panel     ${PUBLIC_URL}/admin   (${DEMO_ADMIN.email} / ${DEMO_ADMIN.password})
   Plugin health   ${pluginApi(PUBLIC_URL)}/health
   E-mail inbox    ${smtp.inboxUrl}
   Payments        ${stripe ? `local Stripe simulator at ${stripe.url} (no real payment)` : 'real Stripe (SMI_STRIPE_SECRET_KEY)'}
   Upscaler        ${upscalerChoice()}
 Press Ctrl-C to stop.
────────────────────────────────────────────────────────────────────
`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
