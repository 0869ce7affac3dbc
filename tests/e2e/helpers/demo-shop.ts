import type { Browser, Page } from 'playwright-core';
import {
  seedDemoEntries,
  seedDemoImages,
  writeGalleryPage,
  type DemoImage,
} from '../../../scripts/demo-seed';
import { startSmtpCapture, type SmtpCapture } from '../../fakes/smtp';
import { startStripeFake, type StripeFake } from '../../fakes/stripe';
import { registerFirstAdmin } from '../../integration/helpers/admin';
import { Playground } from '../../integration/helpers/playground';
import { launchBrowser } from './browser';

/** The demo as a visitor meets it: a playground with the demo gallery, fakes, and a browser page. */
export interface DemoShop {
  app: Playground;
  stripe: StripeFake;
  smtp: SmtpCapture;
  images: DemoImage[];
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/**
 * Boots the playground (sharp upscaler, the Stripe and SMTP fakes) with `env` on top,
 * seeds the demo photos and their published entries, writes the gallery page and opens
 * a Chromium page.
 */
export async function openDemoShop(
  label: string,
  env: Record<string, string> = {},
): Promise<DemoShop> {
  const stripe = await startStripeFake({ retryDelaysMs: [100, 300] });
  const smtp = await startSmtpCapture();
  const app = await Playground.start({
    label,
    env: {
      SMI_STRIPE_SECRET_KEY: stripe.apiKey,
      SMI_STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
      SMI_STRIPE_API_URL: stripe.url,
      SMI_UPSCALER: 'sharp',
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
      SMI_WORKER_POLL_MS: '200',
      ...env,
    },
  });
  stripe.setWebhook(app.pluginUrl('/webhooks/stripe'));
  const admin = await registerFirstAdmin(app);
  const images = await seedDemoImages(app.url, admin.token);
  await seedDemoEntries(app.url, admin.token, images);
  writeGalleryPage(app.publicDir, { simulator: true, apiPrefix: app.apiPrefix });
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  return {
    app,
    stripe,
    smtp,
    images,
    browser,
    page,
    async close() {
      await browser.close();
      await app.destroy();
      await Promise.all([stripe.close(), smtp.close()]);
    },
  };
}
