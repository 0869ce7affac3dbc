/**
 * Webhook storm: 2,000 signed Stripe events — 1,000 `checkout.session.completed` for
 * 1,000 jobs awaiting payment, each delivered twice — in random order over 50
 * connections, on SQLite by default (DATABASE_CLIENT picks another). Prints events/s
 * (target ≥ 300) and counts double fulfilments from the job timeline (target 0).
 * Baseline in the same run: the same number of requests to the health route. Both rates
 * are requests ÷ wall-clock seconds (bench/lib `wallRate`).
 */
import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { fmt, startBenchApp, wallRate } from './lib';

const JOBS = 1000;
const SECRET = 'whsec_bench_storm_secret';

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

async function main() {
  const { app } = await startBenchApp('webhooks', { SMI_STRIPE_WEBHOOK_SECRET: SECRET });
  const db = app.database.connect();
  try {
    const jobIds: string[] = [];
    for (let i = 0; i < JOBS; i++) {
      const jobId = randomUUID();
      const { status } = await app.testSupport('POST', '/documents/plugin::sell-my-images.job', {
        data: {
          jobId,
          resolution: '4x',
          scale: 4,
          status: 'awaiting_payment',
          paymentStatus: 'unpaid',
          amount: 192,
          currency: 'usd',
        },
      });
      if (status !== 201) throw new Error(`seeding job ${i} answered ${status}`);
      jobIds.push(jobId);
    }
    const signer = new Stripe('sk_test_bench').webhooks;
    const events = jobIds.map((jobId, i) => {
      const payload = JSON.stringify({
        id: `evt_bench_${i}`,
        object: 'event',
        type: 'checkout.session.completed',
        api_version: '2026-01-01',
        created: Math.floor(Date.now() / 1000),
        data: {
          object: {
            id: `cs_bench_${i}`,
            object: 'checkout.session',
            client_reference_id: jobId,
            metadata: { jobId },
            amount_subtotal: 192,
            amount_total: 192,
            currency: 'usd',
            payment_status: 'paid',
            status: 'complete',
            payment_intent: `pi_bench_${i}`,
            customer_details: { email: `buyer${i}@example.test` },
          },
        },
      });
      return { payload, signature: signer.generateTestHeaderString({ payload, secret: SECRET }) };
    });
    const deliveries = shuffle([...events, ...events]);

    const url = `${app.url}/api/sell-my-images/webhooks/stripe`;
    let next = 0;
    const storm = await wallRate({
      url,
      connections: 50,
      amount: deliveries.length,
      timeout: 30,
      requests: [
        {
          method: 'POST',
          setupRequest: (req) => {
            const delivery = deliveries[next++ % deliveries.length];
            return {
              ...req,
              headers: {
                'content-type': 'application/json',
                'stripe-signature': delivery.signature,
              },
              body: delivery.payload,
            };
          },
        },
      ],
    });
    const { seconds, statuses } = storm;
    const eventsPerSecond = storm.perSecond;

    // Baseline in the same run, timed the same way: as many requests to the health route.
    const baseline = await wallRate({
      url: `${app.url}/api/sell-my-images/health`,
      connections: 50,
      amount: deliveries.length,
      timeout: 30,
    });

    const pendingTransitions = await db('smi_job_transitions')
      .where({ to_status: 'pending' })
      .select('job_id')
      .count({ n: '*' })
      .groupBy('job_id');
    const doubles = pendingTransitions.filter((row) => Number(row.n) > 1).length;
    const fulfilled = pendingTransitions.length;
    const paid = Number(
      (await db('smi_jobs').where({ payment_status: 'paid' }).count({ n: '*' }))[0].n,
    );
    const processedEvents = Number((await db('smi_stripe_events').count({ n: '*' }))[0].n);

    console.log(
      `deliveries       : ${deliveries.length} (${JOBS} events x2, shuffled, 50 connections) in ${fmt(seconds, 2)} s`,
    );
    console.log(
      `throughput       : ${fmt(eventsPerSecond)} events/s (target >= 300); health baseline ${fmt(baseline.perSecond)} req/s (${baseline.requests} in ${fmt(baseline.seconds, 2)} s); ratio ${fmt(eventsPerSecond / baseline.perSecond, 2)}x`,
    );
    console.log(`answers          : ${[...statuses].map(([s, n]) => `${s}: ${n}`).join(', ')}`);
    console.log(
      `jobs moved to paid: ${fulfilled} of ${JOBS} (payment_status paid: ${paid}; the worker then takes them on); stored event ids: ${processedEvents}`,
    );
    console.log(`double fulfilments: ${doubles} (target 0)`);
    console.log(
      JSON.stringify({
        bench: 'webhook-storm',
        database: app.database.client,
        eventsPerSecond,
        healthRps: baseline.perSecond,
        ratio: eventsPerSecond / baseline.perSecond,
        seconds,
        doubles,
        fulfilled,
        jobs: JOBS,
      }),
    );
    if (doubles > 0 || fulfilled !== JOBS) process.exitCode = 1;
  } finally {
    await db.destroy();
    await app.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
