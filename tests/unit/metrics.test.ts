/**
 * utils/metrics (README "Monitoring"): off without a token (every call a no-op, the route
 * answers 404), the bearer token checked, each counter and the histogram counted with its
 * labels, the job gauges read at scrape time, and two instances kept apart.
 */
import { errors } from '@strapi/utils';
import createError from 'http-errors';
import { createMetrics, errorOutcome, NO_METRICS } from '../../server/src/utils/metrics';

const TOKEN = 'metrics-token-0123456789';

/** The value of one sample line (`name{labels} value`) of the text format, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('metrics', () => {
  it('is off without a token: no-ops, and the route is disabled', async () => {
    for (const token of [undefined, '', '   ']) {
      const metrics = createMetrics({ token });
      expect(metrics).toBe(NO_METRICS);
      expect(metrics.enabled).toBe(false);
      metrics.checkout('created');
      metrics.upscale('sharp', 'succeeded', 1);
      expect(metrics.authorize(`Bearer ${TOKEN}`)).toBe('disabled');
      expect((await metrics.scrape()).body).toBe('');
    }
  });

  it('accepts only the bearer token', () => {
    const metrics = createMetrics({ token: TOKEN });
    expect(metrics.authorize(`Bearer ${TOKEN}`)).toBe('ok');
    expect(metrics.authorize(`  Bearer ${TOKEN} `)).toBe('ok');
    for (const header of [
      undefined,
      '',
      TOKEN,
      `Bearer ${TOKEN}x`,
      'Bearer other',
      `Basic ${TOKEN}`,
    ])
      expect(metrics.authorize(header)).toBe('unauthorized');
  });

  it('counts each event with its labels in the text format', async () => {
    const metrics = createMetrics({
      token: TOKEN,
      readJobs: async () => ({ byStatus: { completed: 2, pending: 3, failed: 0 }, queueDepth: 3 }),
    });
    metrics.checkout('created');
    metrics.checkout('created');
    metrics.checkout('reused');
    metrics.checkout('refused');
    metrics.payment();
    metrics.refund('refunded');
    metrics.refund('retry_later');
    metrics.emailFailed();
    metrics.download('full');
    metrics.download('partial');
    metrics.download('partial');
    metrics.upscale('sharp', 'succeeded', 0.7);
    metrics.upscale('sharp', 'succeeded', 3);
    metrics.upscale('upsampler', 'failed');
    metrics.upscale('upsampler', 'timeout');

    const { contentType, body } = await metrics.scrape();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(body).toContain('# TYPE smi_checkouts_total counter');
    expect(body).toContain('# TYPE smi_upscale_duration_seconds histogram');
    expect(body).toContain('# TYPE smi_jobs gauge');
    expect(sample(body, 'smi_checkouts_total{outcome="created"}')).toBe(2);
    expect(sample(body, 'smi_checkouts_total{outcome="reused"}')).toBe(1);
    expect(sample(body, 'smi_checkouts_total{outcome="refused"}')).toBe(1);
    expect(sample(body, 'smi_payments_total')).toBe(1);
    expect(sample(body, 'smi_refunds_total{outcome="refunded"}')).toBe(1);
    expect(sample(body, 'smi_refunds_total{outcome="retry_later"}')).toBe(1);
    expect(sample(body, 'smi_emails_failed_total')).toBe(1);
    expect(sample(body, 'smi_downloads_total{kind="full"}')).toBe(1);
    expect(sample(body, 'smi_downloads_total{kind="partial"}')).toBe(2);
    expect(sample(body, 'smi_upscales_total{upscaler="sharp",outcome="succeeded"}')).toBe(2);
    expect(sample(body, 'smi_upscales_total{upscaler="upsampler",outcome="failed"}')).toBe(1);
    expect(sample(body, 'smi_upscales_total{upscaler="upsampler",outcome="timeout"}')).toBe(1);
    // only successes are timed
    expect(sample(body, 'smi_upscale_duration_seconds_count{upscaler="sharp"}')).toBe(2);
    expect(sample(body, 'smi_upscale_duration_seconds_sum{upscaler="sharp"}')).toBeCloseTo(3.7);
    expect(sample(body, 'smi_upscale_duration_seconds_bucket{le="1",upscaler="sharp"}')).toBe(1);
    expect(
      sample(body, 'smi_upscale_duration_seconds_count{upscaler="upsampler"}'),
    ).toBeUndefined();
    expect(sample(body, 'smi_jobs{state="completed"}')).toBe(2);
    expect(sample(body, 'smi_jobs{state="pending"}')).toBe(3);
    expect(sample(body, 'smi_jobs{state="failed"}')).toBe(0);
    expect(sample(body, 'smi_queue_depth')).toBe(3);
  });

  it('reads the job gauges anew on every scrape, and answers the counters when it cannot', async () => {
    let depth = 1;
    let broken = false;
    const readErrors: string[] = [];
    const metrics = createMetrics({
      token: TOKEN,
      readJobs: async () => {
        if (broken) throw new Error('database down');
        return { byStatus: { pending: depth }, queueDepth: depth };
      },
      onReadError: (error) => readErrors.push(error.message),
    });
    metrics.payment();
    expect(sample((await metrics.scrape()).body, 'smi_queue_depth')).toBe(1);
    depth = 4;
    expect(sample((await metrics.scrape()).body, 'smi_jobs{state="pending"}')).toBe(4);
    broken = true;
    const body = (await metrics.scrape()).body;
    expect(readErrors).toEqual(['database down']);
    expect(sample(body, 'smi_payments_total')).toBe(1);
    // no stale gauge values
    expect(sample(body, 'smi_jobs{state="pending"}')).toBeUndefined();
  });

  it('keeps two instances apart (a registry each, not the global one)', async () => {
    const first = createMetrics({ token: TOKEN, nodeMetrics: true });
    const second = createMetrics({ token: TOKEN, nodeMetrics: true });
    first.payment();
    first.payment();
    second.payment();
    expect(sample((await first.scrape()).body, 'smi_payments_total')).toBe(2);
    const body = (await second.scrape()).body;
    expect(sample(body, 'smi_payments_total')).toBe(1);
    expect(body).toContain('smi_process_cpu_user_seconds_total');
  });

  it('tells a refused request from a failed one', () => {
    expect(errorOutcome(new errors.ValidationError('bad'))).toBe('refused');
    expect(errorOutcome(new errors.NotFoundError('gone'))).toBe('refused');
    expect(errorOutcome(createError(409, 'conflict'))).toBe('refused');
    expect(errorOutcome(createError(502, 'provider'))).toBe('failed');
    expect(errorOutcome(createError(503, 'not configured'))).toBe('failed');
    expect(errorOutcome(new Error('boom'))).toBe('failed');
  });
});
