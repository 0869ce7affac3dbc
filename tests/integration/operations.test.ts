import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { version } from '../../package.json';
import type { ReadinessAnswer } from '../../shared/contracts/health';
import { TMP_ROOT } from './helpers/databases';
import { buySettled, openShop, postJson, type Shop } from './helpers/shop';
import { until } from './helpers/wait';

/**
 * Operations (README "Monitoring"): the readiness route orchestrators probe (200 with each
 * check, 503 once the storage folder cannot take a file), and the Prometheus endpoint
 * behind SMI_METRICS_TOKEN whose counters follow one real purchase and download and whose
 * job gauges are read from the database. One boot; the route without a token is checked by
 * the foundation suite.
 */
describe(`operations: readiness and metrics (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  const token = randomBytes(24).toString('hex');
  const storageDir = path.join(TMP_ROOT, `operations-storage-${process.pid}`);
  const movedAway = `${storageDir}-away`;
  let shop: Shop;

  /** Puts the storage folder back where it was (after the test that replaced it by a file). */
  function restoreStorage(): void {
    if (!existsSync(movedAway)) return;
    rmSync(storageDir, { recursive: true, force: true });
    renameSync(movedAway, storageDir);
  }

  beforeAll(async () => {
    mkdirSync(TMP_ROOT, { recursive: true });
    rmSync(storageDir, { recursive: true, force: true });
    rmSync(movedAway, { recursive: true, force: true });
    shop = await openShop('operations', { SMI_METRICS_TOKEN: token, SMI_STORAGE_DIR: storageDir });
  });
  afterAll(async () => {
    restoreStorage();
    await shop?.close();
    rmSync(storageDir, { recursive: true, force: true });
  });

  const ready = async () => {
    const res = await shop.api('/health/ready');
    return { status: res.status, res, text: await res.text() };
  };
  const scrape = async () => {
    const res = await shop.api('/metrics', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return res.text();
  };
  /** One sample of the text format (`name{labels} value`); 0 when the series is not there yet. */
  const value = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? 0 : Number(line.slice(series.length + 1));
  };

  it('keeps the liveness answer as it was', async () => {
    const res = await shop.api('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', plugin: 'sell-my-images', version });
  });

  it('answers readiness 200 with each check, naming no path', async () => {
    const { status, res, text } = await ready();
    expect(status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const answer = JSON.parse(text) as ReadinessAnswer;
    expect(answer).toEqual({
      status: 'ready',
      plugin: 'sell-my-images',
      version,
      checks: {
        database: { status: 'ok' },
        storage: { status: 'ok', kind: 'local' },
        queue: { status: 'ok', depth: 0, oldestPendingSeconds: 0 },
        worker: { status: 'ok', lastPollSecondsAgo: expect.any(Number) },
      },
    });
    expect(answer.checks.worker.lastPollSecondsAgo).toBeLessThan(60);
    expect(text).not.toContain(TMP_ROOT);
  });

  it('refuses the metrics without the token or with a wrong one', async () => {
    for (const authorization of [undefined, 'Bearer wrong', token, `Basic ${token}`]) {
      const res = await shop.api('/metrics', {
        headers: authorization ? { authorization } : {},
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
      const text = await res.text();
      expect(text).not.toContain('smi_');
      expect(text).not.toContain(token);
    }
    const res = await shop.api('/metrics', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    for (const name of ['smi_checkouts_total', 'smi_upscale_duration_seconds', 'smi_jobs'])
      expect(text).toContain(`# TYPE ${name} `);
    expect(value(text, 'smi_queue_depth')).toBe(0);
    expect(shop.app.logs).not.toContain(token);
  });

  it('counts a purchase, its upscale and its download; the job gauges come from the database', async () => {
    const before = await scrape();
    // a refused checkout (no such image) counts too
    const refused = await shop.api(
      '/checkout',
      postJson({ fileId: 'nosuchfile', resolution: '4x' }),
    );
    expect(refused.status).toBe(404);

    const { jobId, sessionId, row } = await buySettled(shop, {
      fileId: shop.images.small.documentId,
      resolution: '4x',
      email: 'metrics@example.test',
    });
    expect(row).toMatchObject({ status: 'completed', upscaler: 'sharp' });
    const status = await (await shop.api(`/jobs/${jobId}?session=${sessionId}`)).json();
    const download = await fetch(status.downloadUrl as string);
    expect(download.status).toBe(200);
    expect((await download.arrayBuffer()).byteLength).toBeGreaterThan(0);

    // the transfer is recorded once its last byte went out: read until it shows
    const after = await until(
      scrape,
      (text) => value(text, 'smi_downloads_total{kind="full"}') === 1,
      10_000,
    );
    const moved = (series: string) => value(after, series) - value(before, series);
    expect(moved('smi_checkouts_total{outcome="created"}')).toBe(1);
    expect(moved('smi_checkouts_total{outcome="refused"}')).toBe(1);
    expect(moved('smi_payments_total')).toBe(1);
    expect(moved('smi_upscales_total{upscaler="sharp",outcome="succeeded"}')).toBe(1);
    expect(moved('smi_upscale_duration_seconds_count{upscaler="sharp"}')).toBe(1);
    expect(value(after, 'smi_downloads_total{kind="partial"}')).toBe(0);
    expect(value(after, 'smi_jobs{state="completed"}')).toBe(1);
    expect(value(after, 'smi_jobs{state="pending"}')).toBe(0);
    expect(value(after, 'smi_queue_depth')).toBe(0);
    expect(value(after, 'smi_emails_failed_total')).toBe(0);
  });

  it('answers 503 while the storage folder cannot take a file, and 200 again once it can', async () => {
    // the folder replaced by a file: nothing can be stored (the answer is kept 2 s)
    renameSync(storageDir, movedAway);
    writeFileSync(storageDir, 'not a folder');
    const broken = await until(ready, (r) => r.status === 503, 10_000);
    const answer = JSON.parse(broken.text) as ReadinessAnswer;
    expect(answer.status).toBe('not_ready');
    expect(answer.checks).toMatchObject({
      database: { status: 'ok' },
      storage: { status: 'failed', kind: 'local' },
      queue: { status: 'ok' },
    });
    expect(broken.text).not.toContain(TMP_ROOT);
    // liveness does not look at the storage
    expect((await shop.api('/health')).status).toBe(200);

    restoreStorage();
    const back = await until(ready, (r) => r.status === 200, 10_000);
    expect(JSON.parse(back.text).status).toBe('ready');
  });
});
