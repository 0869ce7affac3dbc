import { setTimeout as sleep } from 'node:timers/promises';
import sharp from 'sharp';
import { createRestrictedAdmin } from './helpers/admin';
import {
  jobRow,
  openShop,
  publishPhoto,
  startCheckout,
  uploadPng,
  type Shop,
} from './helpers/shop';
import { until } from './helpers/wait';

/**
 * The local-ai provider (ESRGAN in a worker thread of the Strapi process) through the
 * normal pipeline: prices from the site owner's local-AI pricing with the expected time
 * from a calibration on this machine, checkout, payment, a run that reports its tiles to
 * the visitor's status poll, validation, private storage, e-mail and download. While it
 * runs, the health route keeps answering (its latency is printed, not asserted).
 */
describe(`local-ai upscaler (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  let shop: Shop;
  beforeAll(async () => {
    shop = await openShop('local-ai', { SMI_UPSCALER: 'local-ai' });
    const res = await shop.adminApi('/settings', {
      method: 'PUT',
      json: {
        resolutions: ['4x'],
        localAiTileSize: 64,
        localAiPricingMode: 'per_megapixel',
        localAiPricePerMegapixel: 80,
      },
    });
    expect(res.status).toBe(200);
  });
  afterAll(async () => shop?.close());

  const job = (jobId: string) => jobRow(shop, jobId);

  it('prices from the local-AI settings, labels the provider, and gives the expected time once calibrated', async () => {
    const res = await shop.api(`/prices?fileId=${shop.images.small.documentId}`);
    expect(res.status).toBe(200);
    const prices = await res.json();
    expect(prices.upscaler).toEqual({
      name: 'local-ai',
      label: 'AI (ESRGAN, on this server)',
      model: 'ESRGAN slim',
    });
    // 500×500 at 4x = 4 MP × 80 = 320, no credits involved
    expect(prices.options).toEqual([
      expect.objectContaining({
        resolution: '4x',
        width: 2000,
        height: 2000,
        amount: 320,
        formatted: '$3.20',
      }),
    ]);
    // The first request starts a calibration in the background; the estimate appears when it ends.
    const calibrated = await until(
      async () => (await shop.api(`/prices?fileId=${shop.images.large.documentId}`)).json(),
      (body: any) => typeof body.options[0].expectedSeconds === 'number',
      180_000,
    );
    const option = calibrated.options[0];
    console.log(
      `expected time for 2000×2000 at 4x (ESRGAN slim) on this machine: ${option.expectedSeconds} s`,
    );
    expect(option.expectedSeconds).toBeGreaterThan(0);
    // An option expected to outlast the processing timeout (15 min) is not offered.
    expect(option.available).toBe(option.expectedSeconds <= 15 * 60);
    if (!option.available) expect(option.reason).toBe('exceeds_processing_time');
  });

  it('completes a paid job through the pipeline, with progress on the status poll, while /health keeps answering', async () => {
    const file = await uploadPng(shop, 'local-ai.png', 256, 192);
    await publishPhoto(shop.app, 'Local AI', file.id);
    const { jobId, session } = await startCheckout(shop, {
      fileId: file.documentId,
      resolution: '4x',
      email: 'local-ai@example.test',
    });
    // The Checkout line item tells the buyer how the copy is made.
    const created = shop.stripe.requests.find(
      (r) =>
        r.method === 'POST' &&
        r.path === '/v1/checkout/sessions' &&
        JSON.stringify(r.body).includes(jobId),
    );
    expect(JSON.stringify(created?.body)).toContain('(AI (ESRGAN, on this server), ESRGAN slim)');
    await shop.stripe.completeSession(session.id);

    // While the job is not done: the health route (latency measured) and the visitor's status poll.
    const latencies: number[] = [];
    const statuses: number[] = [];
    const progress: Array<{ done: number; total: number }> = [];
    let row = await job(jobId);
    const deadline = Date.now() + 300_000;
    while (row.status !== 'completed' && row.status !== 'failed' && Date.now() < deadline) {
      const started = performance.now();
      const health = await shop.api('/health');
      await health.arrayBuffer();
      if (row.status === 'processing') {
        latencies.push(performance.now() - started);
        statuses.push(health.status);
      }
      const status = await (await shop.api(`/jobs/${jobId}?session=${session.id}`)).json();
      if (status.progress) progress.push(status.progress);
      await sleep(50);
      row = await job(jobId);
    }
    expect(row).toMatchObject({
      status: 'completed',
      payment_status: 'paid',
      upscaler: 'local-ai',
      upscaler_detail: 'ESRGAN slim 4x',
      credits: 0,
      cost_amount: 0,
    });
    const sorted = [...latencies].sort((a, b) => a - b);
    console.log(
      `GET /health during the upscale: ${latencies.length} requests, median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)} ms, max ${sorted[sorted.length - 1]?.toFixed(1)} ms; progress seen: ${JSON.stringify(progress.slice(0, 3))}…`,
    );
    expect(latencies.length).toBeGreaterThan(0);
    expect(statuses.every((status) => status === 200)).toBe(true);
    // 256×192 in 64-px tiles: 4 × 3
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.total === 12 && p.done >= 0 && p.done <= 12)).toBe(true);
    expect([Number(row.progress_done), Number(row.progress_total), Number(row.progress)]).toEqual([
      12, 12, 100,
    ]);
    const done = await (await shop.api(`/jobs/${jobId}?session=${session.id}`)).json();
    expect(done.progress).toBeUndefined();

    const mail = await shop.smtp.waitForMessage(
      (m) => m.to.includes('local-ai@example.test'),
      15_000,
    );
    expect(mail.text).toContain('1024 × 768 px');
    expect(mail.text).toContain('Upscaled with AI (ESRGAN, on this server), ESRGAN slim 4x.');
    expect(mail.text).not.toContain('non-AI');
    const link =
      /(http:\/\/127\.0\.0\.1:\d+\/api\/sell-my-images\/downloads\/[A-Za-z0-9_-]{43})/.exec(
        mail.text ?? '',
      )![1]!;
    const download = await fetch(link);
    expect(download.status).toBe(200);
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(await sharp(bytes).metadata()).toMatchObject({
      width: 1024,
      height: 768,
      format: 'png',
    });
    expect(done.downloadUrl).toBe(link);
  });

  it('settings page routes: expected times under unsaved values, a new measurement on demand, RBAC and input errors', async () => {
    const times = async (body: unknown, asToken?: string) =>
      asToken
        ? fetch(`${shop.app.url}/sell-my-images/settings/local-ai/expected-times`, {
            method: 'POST',
            headers: { authorization: `Bearer ${asToken}`, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          })
        : shop.adminApi('/settings/local-ai/expected-times', { method: 'POST', json: body });
    // Calibrated by the first test: times for the saved settings, and for unsaved ones.
    const saved = (await (await times({})).json()).data;
    expect(saved).toMatchObject({
      // auto: ONNX Runtime, installed with the project, runs the jobs and the calibration
      availability: { available: true, engine: 'onnx', missing: [] },
      upscaler: { name: 'local-ai', label: 'AI (ESRGAN, on this server)', model: 'ESRGAN slim' },
      calibrated: true,
      eightXMode: 'x4-lanczos',
      tileSize: 64,
      threadsPerJob: expect.any(Number),
    });
    expect(saved.samples.map((s: any) => `${s.width}×${s.height}`)).toEqual([
      '640×480',
      '1000×1000',
      '2000×2000',
      '4000×3000',
    ]);
    const slim = saved.samples.map((s: any) => s.options[0].seconds as number);
    expect(slim.every((seconds: number) => seconds > 0)).toBe(true);
    expect([...slim].sort((a, b) => a - b)).toEqual(slim); // bigger originals take longer
    const medium = (
      await (
        await times({
          localAiModel: 'medium',
          resolutions: ['4x', '8x'],
          localAi8xMode: 'x8-model',
        })
      ).json()
    ).data;
    expect(medium.upscaler.model).toBe('ESRGAN medium');
    expect(medium.samples[1].options.map((o: any) => [o.resolution, o.method])).toEqual([
      ['4x', 'ESRGAN medium 4x'],
      ['8x', 'ESRGAN medium 8x'],
    ]);
    // Medium is measured on its own (not derived from slim): its times are its own, larger
    // for larger originals. The two models' measured speeds are not compared: both are
    // timings on a shared machine (bench/local-ai compares them).
    const mediumTimes = medium.samples.map((s: any) => s.options[0].seconds as number);
    expect(mediumTimes.every((seconds: number) => seconds > 0)).toBe(true);
    expect([...mediumTimes].sort((a, b) => a - b)).toEqual(mediumTimes);
    expect(mediumTimes).not.toEqual(slim);
    expect(medium.samples[1].eightXModes.map((m: any) => m.method)).toEqual([
      'ESRGAN medium 8x',
      'ESRGAN medium 4x + Lanczos 2x',
    ]);

    const bad = await times({ localAiTileSize: 9999, localAiModel: 'huge' });
    expect(bad.status).toBe(400);
    const error = (await bad.json()).error;
    expect(error.name).toBe('ValidationError');
    expect(error.details.errors.map((e: any) => e.path.join('.')).sort()).toEqual([
      'localAiModel',
      'localAiTileSize',
    ]);
    expect((await times({ stripeSecretKey: 'sk_test_x' })).status).toBe(400); // not a field this route takes

    // A role that may read the settings sees the times but may not start a measurement.
    const { token } = await createRestrictedAdmin(shop.app, shop.admin.token, {
      role: 'Settings reader',
      actions: ['read', 'settings.read'],
      email: 'reader@example.test',
    });
    expect((await times({}, token)).status).toBe(200);
    const refused = await fetch(`${shop.app.url}/sell-my-images/settings/local-ai/calibrate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(refused.status).toBe(403);

    const started = await shop.adminApi('/settings/local-ai/calibrate', { method: 'POST' });
    expect(started.status).toBe(202);
    expect((await started.json()).data).toEqual({ calibrating: true });
    expect((await (await times({})).json()).data.calibrating).toBe(true);
    const after = await until(
      async () => (await (await times({})).json()).data,
      (data: any) => data.calibrating === false,
      240_000,
    );
    expect(after.calibrated).toBe(true);
    expect(Date.parse(after.measuredAt)).toBeGreaterThan(Date.parse(saved.measuredAt));
  });

  it('runs a paid job on the TensorFlow.js fallback when the engine setting pins it', async () => {
    const put = await shop.adminApi('/settings', {
      method: 'PUT',
      json: { localAiEngine: 'tfjs' },
    });
    expect(put.status).toBe(200);
    const times = await shop.adminApi('/settings/local-ai/expected-times', {
      method: 'POST',
      json: {},
    });
    expect((await times.json()).data.availability).toMatchObject({
      available: true,
      engine: 'tfjs',
      message: expect.stringContaining('TensorFlow.js'),
    });
    const file = await uploadPng(shop, 'local-ai-tfjs.png', 200, 150);
    await publishPhoto(shop.app, 'Local AI on tfjs', file.id);
    const { jobId, session } = await startCheckout(shop, {
      fileId: file.documentId,
      resolution: '4x',
      email: 'tfjs@example.test',
    });
    await shop.stripe.completeSession(session.id);
    const row = await until(
      () => job(jobId),
      (r: any) => r.status === 'completed' || r.status === 'failed',
      240_000,
    );
    expect(row).toMatchObject({ status: 'completed', upscaler_detail: 'ESRGAN slim 4x' });
    const mail = await shop.smtp.waitForMessage((m) => m.to.includes('tfjs@example.test'), 15_000);
    expect(mail.text).toContain('800 × 600 px');
  });
});
