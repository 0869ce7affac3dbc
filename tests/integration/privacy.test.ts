import { createRestrictedAdmin, type RestrictedAdmin } from './helpers/admin';
import { buySettled, jobRow, openShop, startCheckout, type Shop } from './helpers/shop';
import { until } from './helpers/wait';
import { subscribeWebhooks } from './helpers/webhook-receiver';

/**
 * Privacy and retention (README "Privacy and retention"): the GDPR export and erasure of
 * one buyer's e-mail address (RBAC privacy.manage), the daily retention task of every
 * table, and job events (Strapi webhooks) without the buyer's e-mail unless switched on.
 */
describe(`privacy and retention (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  let shop: Shop;
  let hooks: Awaited<ReturnType<typeof subscribeWebhooks>>;
  let viewer: RestrictedAdmin;
  let alice: { jobId: string; sessionId: string };
  let bob: { jobId: string; sessionId: string };

  const DAY = 86_400_000;
  /** A timestamp `days` ago as the database driver takes it (SQLite stores milliseconds). */
  const daysAgo = (days: number) => {
    const date = new Date(Date.now() - days * DAY);
    return shop.app.database.client === 'sqlite' ? date.getTime() : date;
  };

  /** The shop's public API as a visitor with its own browser (and so its own visitor hash). */
  const visitor = (userAgent: string): Shop => ({
    ...shop,
    api: (path, init = {}) =>
      shop.api(path, { ...init, headers: { ...init.headers, 'user-agent': userAgent } }),
  });

  const exportOf = async (email: string) => {
    const res = await shop.adminApi(`/privacy/export?email=${encodeURIComponent(email)}`);
    expect(res.status).toBe(200);
    return (await res.json()).data;
  };
  const erase = (email: unknown) =>
    shop.adminApi('/privacy/erase', { method: 'POST', json: { email } });
  const putSettings = async (json: Record<string, unknown>) => {
    const res = await shop.adminApi('/settings', { method: 'PUT', json });
    expect(res.status).toBe(200);
  };

  /** A delivered purchase by a visitor with its own browser, downloaded once, after one click. */
  async function purchase(email: string, userAgent: string) {
    const as = visitor(userAgent);
    const fileId = shop.images.small.documentId;
    const click = await as.api('/clicks', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fileId, sourcePage: 'https://shop.example.test/gallery' }),
    });
    expect(click.status).toBe(204);
    const bought = await buySettled(as, { fileId, resolution: '4x', email });
    expect(bought.row.status).toBe('completed');
    const status = await (await as.api(`/jobs/${bought.jobId}?session=${bought.sessionId}`)).json();
    const file = await fetch(status.downloadUrl, { headers: { 'user-agent': userAgent } });
    expect(file.status).toBe(200);
    await file.arrayBuffer();
    await until(
      () => shop.db('smi_downloads').where({ job_id: bought.jobId }),
      (rows) => rows.length > 0,
    );
    return { jobId: bought.jobId, sessionId: bought.sessionId };
  }

  beforeAll(async () => {
    // Small housekeeping batches, so the retention task's batching is exercised.
    shop = await openShop('privacy', { SMI_UPSCALER: 'sharp', SMI_TASK_BATCH_SIZE: '10' });
    hooks = await subscribeWebhooks(shop, [
      'sell-my-images.job.created',
      'sell-my-images.job.paid',
      'sell-my-images.job.completed',
    ]);
    viewer = await createRestrictedAdmin(shop.app, shop.admin.token, {
      role: 'Job viewer',
      email: 'viewer@example.test',
      actions: ['read', 'jobs.read', 'settings.read'],
    });
    alice = await purchase('alice@example.test', 'alice-browser/1.0');
    bob = await purchase('bob@example.test', 'bob-browser/2.0');
  });

  afterAll(async () => {
    await hooks?.close();
    await shop?.close();
  });

  describe('job events (Strapi webhooks)', () => {
    it('carry no e-mail by default, and the e-mail once includeEmailInEvents is on', async () => {
      const events = ['created', 'paid', 'completed'].map((name) => `sell-my-images.job.${name}`);
      const ofAlice = await until(
        async () => hooks.received.filter((r) => r.body?.job?.jobId === alice.jobId),
        (received) => events.every((event) => received.some((r) => r.event === event)),
      );
      for (const { body } of ofAlice) {
        expect(body.job).toMatchObject({ jobId: alice.jobId, amount: expect.any(Number) });
        expect(body.job).not.toHaveProperty('email');
      }

      await putSettings({ includeEmailInEvents: true });
      try {
        const { jobId } = await startCheckout(visitor('carol-browser/3.0'), {
          fileId: shop.images.small.documentId,
          resolution: '4x',
          email: 'carol@example.test',
        });
        const [created] = await until(
          async () => hooks.received.filter((r) => r.body?.job?.jobId === jobId),
          (received) => received.length > 0,
        );
        expect(created?.event).toBe('sell-my-images.job.created');
        expect(created?.body.job.email).toBe('carol@example.test');
      } finally {
        await putSettings({ includeEmailInEvents: false });
      }
    });
  });

  describe('routes', () => {
    it('refuse an admin without privacy.manage (403)', async () => {
      const headers = {
        authorization: `Bearer ${viewer.token}`,
        'content-type': 'application/json',
      };
      const base = `${shop.app.url}/sell-my-images/privacy`;
      const exported = await fetch(`${base}/export?email=alice%40example.test`, { headers });
      expect(exported.status).toBe(403);
      const erased = await fetch(`${base}/erase`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ email: 'alice@example.test' }),
      });
      expect(erased.status).toBe(403);
      expect((await jobRow(shop, alice.jobId)).email).toBe('alice@example.test');
    });

    it.each([
      ['a malformed address', 'not-an-address'],
      ['an empty address', ''],
      ['a number', 42],
    ])('answer 400 naming email for %s', async (_case, email) => {
      const erased = await erase(email);
      expect(erased.status).toBe(400);
      const body = await erased.json();
      expect(body.error.name).toBe('ValidationError');
      expect(body.error.details.errors.map((e: { path: string[] }) => e.path)).toEqual([['email']]);
      const exported = await shop.adminApi(
        `/privacy/export?email=${encodeURIComponent(String(email))}`,
      );
      expect(exported.status).toBe(400);
      expect((await exported.json()).error.details.errors[0].path).toEqual(['email']);
    });

    it('answer 400 for a missing address or an unknown field', async () => {
      const missing = await shop.adminApi('/privacy/export');
      expect(missing.status).toBe(400);
      const extra = await shop.adminApi('/privacy/erase', {
        method: 'POST',
        json: { email: 'alice@example.test', everything: true },
      });
      expect(extra.status).toBe(400);
      expect((await jobRow(shop, alice.jobId)).email).toBe('alice@example.test');
    });
  });

  describe('export and erase', () => {
    it("exports one buyer's purchases, timeline, downloads, Stripe events and clicks, matching the address in any case", async () => {
      // A row stored before addresses were lowercased still belongs to the buyer.
      await shop
        .db('smi_jobs')
        .where({ job_id: alice.jobId })
        .update({ email: 'Alice@Example.test' });
      const data = await exportOf('  ALICE@example.TEST ');
      expect(data.email).toBe('alice@example.test');
      expect(data.jobs).toHaveLength(1);
      const [job] = data.jobs;
      expect(job).toMatchObject({
        jobId: alice.jobId,
        email: 'Alice@Example.test',
        status: 'completed',
        paymentStatus: 'paid',
        stripeCheckoutSessionId: alice.sessionId,
        visitorHashStored: true,
      });
      expect(job.amount).toBeGreaterThan(0);
      expect(job.transitions.map((t: { toStatus: string }) => t.toStatus)).toEqual(
        expect.arrayContaining(['awaiting_payment', 'pending', 'completed']),
      );
      expect(job.downloads.length).toBeGreaterThan(0);
      expect(job.stripeEvents.map((e: { type: string }) => e.type)).toContain(
        'checkout.session.completed',
      );
      expect(data.clicks).toEqual([
        expect.objectContaining({ sourcePage: 'https://shop.example.test/gallery' }),
      ]);
      const text = JSON.stringify(data);
      expect(text).not.toContain(bob.jobId);
      expect(text).not.toContain('bob@example.test');
      expect(text).not.toContain(bob.sessionId);

      expect(await exportOf('nobody@example.test')).toMatchObject({ jobs: [], clicks: [] });
    });

    it('erases the address and visitor hashes, keeps the money records, is idempotent, and leaves other buyers alone', async () => {
      const before = await jobRow(shop, alice.jobId);
      const bobBefore = await jobRow(shop, bob.jobId);
      const res = await erase('alice@EXAMPLE.test');
      expect(res.status).toBe(200);
      const counts = (await res.json()).data;
      expect(counts.jobs).toBe(1);
      expect(counts.downloads).toBeGreaterThan(0);
      expect(counts.clicks).toBe(1);

      const after = await jobRow(shop, alice.jobId);
      expect(after.email).toBeNull();
      expect(after.ip_hash).toBeNull();
      expect(after.email_purged_at).not.toBeNull();
      for (const field of ['status', 'payment_status', 'amount', 'amount_refunded', 'currency'])
        expect(after[field]).toEqual(before[field]);
      const downloads = await shop.db('smi_downloads').where({ job_id: alice.jobId });
      expect(downloads.length).toBeGreaterThan(0);
      expect(downloads.every((row) => row.visitor_hash === null)).toBe(true);
      expect(await shop.db('smi_clicks').where({ visitor_hash: before.ip_hash })).toHaveLength(0);
      const transitions = await shop.db('smi_job_transitions').where({ job_id: alice.jobId });
      expect(transitions.length).toBeGreaterThan(0);

      const bobAfter = await jobRow(shop, bob.jobId);
      expect(bobAfter.email).toBe('bob@example.test');
      expect(bobAfter.ip_hash).toBe(bobBefore.ip_hash);
      expect(await shop.db('smi_clicks').where({ visitor_hash: bobBefore.ip_hash })).toHaveLength(
        1,
      );

      // The audit line names the admin and a digest of the address, never the address.
      expect(shop.app.logs).toMatch(
        /privacy erase by admin:\d+ for e-mail #[0-9a-f]{12}: 1 purchases/,
      );
      expect(shop.app.logs.toLowerCase()).not.toMatch(/alice(@|%40)example\.test/);

      const again = await erase('alice@example.test');
      expect((await again.json()).data).toEqual({ jobs: 0, downloads: 0, clicks: 0 });
      expect(await exportOf('alice@example.test')).toMatchObject({ jobs: [], clicks: [] });
      expect((await exportOf('bob@example.test')).jobs).toHaveLength(1);
    });
  });

  describe('retention task', () => {
    it('removes rows and clears visitor hashes older than their settings, and keeps newer ones and every job', async () => {
      await putSettings({
        clickRetentionDays: 30,
        downloadLogRetentionDays: 10,
        stripeEventRetentionDays: 7,
        visitorHashRetentionDays: 3,
        emailRetentionDays: 90,
      });
      const old = { file_id: shop.images.small.id, source_page: 'https://old.example.test/' };
      // 25 old clicks: three batches of 10.
      const oldClick = { ...old, visitor_hash: 'a'.repeat(64), created_at: daysAgo(31) };
      await shop.db('smi_clicks').insert(Array.from({ length: 25 }, () => oldClick));
      await shop.db('smi_clicks').insert([
        {
          ...old,
          visitor_hash: 'b'.repeat(64),
          created_at: daysAgo(29),
          updated_at: daysAgo(29),
        },
      ]);
      await shop.db('smi_downloads').insert([
        { job_id: bob.jobId, bytes: 1, complete: true, created_at: daysAgo(11) },
        { job_id: bob.jobId, bytes: 2, complete: true, created_at: daysAgo(9) },
      ]);
      const event = (id: string, days: number) => ({
        event_id: id,
        type: 'checkout.session.completed',
        state: 'processed',
        received_at: daysAgo(days),
        created_at: daysAgo(days),
      });
      await shop.db('smi_stripe_events').insert([event('evt_old', 8), event('evt_recent', 6)]);
      // The outbox's settled history goes with the download log; a mail still due stays.
      const mail = (status: string, days: number) => ({
        job_id: bob.jobId,
        kind: 'link',
        status,
        attempts: 1,
        dedupe_key: `retention-${status}-${days}`,
        created_at: daysAgo(days),
        updated_at: daysAgo(days),
      });
      await shop
        .db('smi_mails')
        .insert([mail('sent', 11), mail('cancelled', 11), mail('pending', 11), mail('sent', 9)]);
      // Bob bought four days ago: the visitor hash goes, the e-mail (90 days) stays.
      await shop
        .db('smi_jobs')
        .where({ job_id: bob.jobId })
        .update({ created_at: daysAgo(4) });
      const counts = async () => ({
        clicks: (await shop.db('smi_clicks').count({ n: '*' }))[0]?.n,
        jobs: (await shop.db('smi_jobs').count({ n: '*' }))[0]?.n,
      });
      const before = await counts();

      const run = await shop.app.testSupport('POST', '/tasks/apply-retention');
      // 25 old clicks, one old download row, two settled old mails, one old Stripe event and
      // Bob's visitor hash.
      expect(run.body.handled).toBe(30);
      expect(shop.app.logs).toMatch(
        /retention applied: clicks 25, downloads 1, mails 2, stripeEvents 1, emails 0, visitorHashes 1/,
      );
      const mailsLeft = await shop
        .db('smi_mails')
        .whereIn('dedupe_key', [
          'retention-sent-11',
          'retention-cancelled-11',
          'retention-pending-11',
          'retention-sent-9',
        ]);
      expect(mailsLeft.map((row) => row.dedupe_key).sort()).toEqual([
        'retention-pending-11',
        'retention-sent-9',
      ]);

      const sources = (await shop.db('smi_clicks').select('source_page', 'visitor_hash')).map(
        (row) => row.visitor_hash,
      );
      expect(sources).not.toContain('a'.repeat(64));
      expect(sources).toContain('b'.repeat(64));
      const bytes = (await shop.db('smi_downloads').where({ job_id: bob.jobId })).map((row) =>
        Number(row.bytes),
      );
      expect(bytes).not.toContain(1);
      expect(bytes).toContain(2);
      const eventIds = (await shop.db('smi_stripe_events').select('event_id')).map(
        (row) => row.event_id,
      );
      expect(eventIds).not.toContain('evt_old');
      expect(eventIds).toContain('evt_recent');
      const bobAfter = await jobRow(shop, bob.jobId);
      expect(bobAfter).toMatchObject({ email: 'bob@example.test', ip_hash: null });
      const after = await counts();
      expect(Number(after.jobs)).toBe(Number(before.jobs));
      expect(Number(after.clicks)).toBe(Number(before.clicks) - 25);

      // Nothing is left to do on the next run.
      expect((await shop.app.testSupport('POST', '/tasks/apply-retention')).body.handled).toBe(0);
    });

    it('refuses a Stripe event retention inside the redelivery window', async () => {
      const res = await shop.adminApi('/settings', {
        method: 'PUT',
        json: { stripeEventRetentionDays: 3, clickRetentionDays: 5 },
      });
      expect(res.status).toBe(400);
      const paths = (await res.json()).error.details.errors.map((e: { path: string[] }) =>
        e.path.join('.'),
      );
      expect(paths.sort()).toEqual(['clickRetentionDays', 'stripeEventRetentionDays']);
    });
  });
  describe('a settings record saved before the retention settings existed', () => {
    const saved = async () => (await (await shop.adminApi('/settings')).json()).data.settings;

    it('reads their empty columns as the defaults, and the next save writes them', async () => {
      await shop.db('smi_settings').update({
        click_retention_days: null,
        download_log_retention_days: null,
        stripe_event_retention_days: null,
        visitor_hash_retention_days: null,
        retention_settings_saved: null,
      });
      expect(await saved()).toMatchObject({
        clickRetentionDays: 400,
        downloadLogRetentionDays: 180,
        stripeEventRetentionDays: 30,
        visitorHashRetentionDays: 30,
      });

      await putSettings({ downloadLogRetentionDays: 60 });
      const row = await shop.db('smi_settings').first();
      expect(row).toMatchObject({ click_retention_days: 400, download_log_retention_days: 60 });
      expect(Boolean(row.retention_settings_saved)).toBe(true);

      // From then on an empty value is the owner's choice: kept for good.
      await putSettings({ clickRetentionDays: null });
      expect(await saved()).toMatchObject({
        clickRetentionDays: null,
        visitorHashRetentionDays: 30,
      });
    });
  });
});
