import type { Knex } from 'knex';
import { version } from '../../package.json';
import { registerFirstAdmin, uploadFile, type AdminSession } from './helpers/admin';
import { makeImage } from './helpers/images';
import { Playground } from './helpers/playground';
import { postJson, publishPhoto } from './helpers/shop';

/**
 * The foundation every later suite stands on: the built plugin loads in a real
 * Strapi 5 app on the selected database, its tables exist and round-trip records
 * through Strapi's document service, and the admin and upload routes work. The playground
 * boots without a Stripe key on a loopback URL: the start-up checks say so, and a refused
 * checkout names the owner's fix in the log (README "Start-up checks").
 */
describe(`foundation (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  let app: Playground;
  let db: Knex;
  let admin: AdminSession;

  beforeAll(async () => {
    app = await Playground.start({ label: 'foundation' });
    db = app.database.connect();
    admin = await registerFirstAdmin(app);
  });

  afterAll(async () => {
    await db?.destroy();
    await app?.destroy();
  });

  it('answers the health route with the plugin version', async () => {
    const res = await fetch(`${app.url}/api/sell-my-images/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ status: 'ok', plugin: 'sell-my-images', version });
  });

  it('has no metrics route without SMI_METRICS_TOKEN (README "Monitoring")', async () => {
    for (const authorization of [undefined, 'Bearer anything']) {
      const res = await fetch(`${app.url}/api/sell-my-images/metrics`, {
        headers: authorization ? { authorization } : {},
      });
      expect(res.status).toBe(404);
      expect((await res.json()).error).toMatchObject({ status: 404, name: 'NotFoundError' });
    }
  });

  it('runs on the selected database and registers both content types', async () => {
    const { status, body } = await app.testSupport('GET', '/info');
    expect(status).toBe(200);
    const expected = (process.env.DATABASE_CLIENT ?? 'sqlite').replace('mariadb', 'mysql');
    expect(body.database).toBe(expected);
    expect(body.contentTypes).toEqual(
      expect.arrayContaining([
        { uid: 'plugin::sell-my-images.job', tableName: 'smi_jobs' },
        { uid: 'plugin::sell-my-images.settings', tableName: 'smi_settings' },
      ]),
    );
    expect(await db.schema.hasTable('smi_jobs')).toBe(true);
    expect(await db.schema.hasTable('smi_settings')).toBe(true);
    for (const column of [
      'job_id',
      'status',
      'payment_status',
      'amount',
      'currency',
      'download_token_hash',
      'lease_expires_at',
    ]) {
      expect(await db.schema.hasColumn('smi_jobs', column)).toBe(true);
    }
  });

  it('round-trips a job record through the document service and the table', async () => {
    const data = {
      jobId: '6f1c2b8e-3d4a-4c5b-9e7f-0a1b2c3d4e5f',
      fileId: 1,
      resolution: '4x',
      scale: 4,
      originalWidth: 2000,
      originalHeight: 1500,
      outputWidth: 8000,
      outputHeight: 6000,
      email: 'visitor@example.test',
      status: 'awaiting_payment',
      paymentStatus: 'unpaid',
      amount: 192,
      currency: 'usd',
      credits: 16,
      costAmount: 64,
      nextAttemptAt: '2026-11-25T12:00:00.000Z',
    };
    const created = await app.testSupport('POST', '/documents/plugin::sell-my-images.job', {
      data,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      ...data,
      attempts: 0,
      downloadCount: 0,
      amountRefunded: 0,
    });

    const read = await app.testSupport(
      'GET',
      `/documents/plugin::sell-my-images.job/${created.body.documentId}`,
    );
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject(data);

    const row = await db('smi_jobs').where({ job_id: data.jobId }).first();
    expect(row).toBeDefined();
    expect(Number(row.amount)).toBe(192);
    expect(row.currency).toBe('usd');
    expect(row.status).toBe('awaiting_payment');
  });

  it('round-trips the settings record with its defaults', async () => {
    const created = await app.testSupport('POST', '/documents/plugin::sell-my-images.settings', {
      data: {
        markupPercent: 200,
        resolutions: ['4x', '8x'],
        allowedReturnOrigins: ['https://shop.example.test'],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      markupPercent: 200,
      minimumPrice: 50,
      currency: 'usd',
      creditPrice: 4,
      downloadExpiryHours: 24,
      buttonText: 'Download Hi-Res',
      minImageSize: 100,
      saleMode: 'all',
      resolutions: ['4x', '8x'],
    });
    expect(Number(created.body.creditsPerMegapixel)).toBeCloseTo(0.25);
    const rows = await db('smi_settings').select('markup_percent');
    expect(rows.map((r) => Number(r.markup_percent))).toEqual([200]);
  });

  it('accepts an image upload through the admin upload route', async () => {
    const file = await uploadFile(app, admin, {
      name: 'harbour.jpg',
      data: await makeImage(640, 480),
      mime: 'image/jpeg',
    });
    expect(file).toMatchObject({
      name: 'harbour.jpg',
      width: 640,
      height: 480,
      mime: 'image/jpeg',
    });
    const res = await fetch(`${app.url}${file.url}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
  });

  it('serves the admin panel', async () => {
    const res = await fetch(`${app.url}/admin`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="strapi">');
  });

  /** How many lines of the log contain `text`. */
  const linesWith = (text: string) => app.logs.split('\n').filter((l) => l.includes(text)).length;

  it('logs the start-up checks, one line each naming the setting to change', () => {
    expect(linesWith('[sell-my-images] no Stripe secret key')).toBe(1);
    expect(app.logs).toMatch(/warn.*no Stripe secret key.*set SMI_STRIPE_SECRET_KEY or Settings/);
    // NODE_ENV=test on a loopback URL: an info line, a warning only in production.
    expect(app.logs).toMatch(/info.*\[sell-my-images\] the public URL http:\/\/127\.0\.0\.1:/);
    expect(linesWith('SMI_PUBLIC_URL')).toBe(1);
    // The playground has cron on, an SMTP provider and a writable storage folder.
    expect(app.logs).not.toContain('cron is disabled');
    expect(app.logs).not.toContain('no e-mail provider');
    expect(app.logs).not.toContain('is not writable');
  });

  it('names the fix in the log once for repeated checkouts refused for a missing setting or origin', async () => {
    const file = await uploadFile(app, admin, {
      name: 'refused.jpg',
      data: await makeImage(640, 480),
      mime: 'image/jpeg',
    });
    await publishPhoto(app, 'Refused', file.id);
    const email = 'refused-buyer@example.test';
    const checkout = (extra: Record<string, string> = {}) =>
      fetch(
        app.pluginUrl('/checkout'),
        postJson({ fileId: file.documentId, resolution: '4x', email, ...extra }),
      );

    expect((await checkout()).status).toBe(503);
    expect((await checkout()).status).toBe(503);
    expect(linesWith('a checkout was refused: payments are not configured')).toBe(1);

    const saved = await fetch(`${app.url}/sell-my-images/settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ stripeSecretKey: 'sk_test_foundationNeverCalled' }),
    });
    expect(saved.status).toBe(200);
    for (const page of ['https://other-shop.example/a', 'https://other-shop.example/b']) {
      expect((await checkout({ returnUrl: page })).status).toBe(400);
    }
    expect(linesWith('a buyer on https://other-shop.example was refused')).toBe(1);
    expect(app.logs).toContain('Settings → Sell My Images → Allowed return origins');
    expect(app.logs).not.toContain(email);
    expect(app.logs).not.toContain('sk_test_foundationNeverCalled');
  });
});
