/**
 * Fuzzing of every public route (tests/support/fuzz.ts): generated requests from
 * near-valid to hostile, over a raw socket. The server must answer each one with a status
 * below 500, and the database must not change except by what a success created (a 201
 * checkout is one job and its first timeline row; a 204 click is one click row).
 * SMI_FUZZ_RUNS sets the number of requests (default 3,000 here; bench/fuzz-public-routes.ts
 * runs many more).
 */
import fc from 'fast-check';
import type { Knex } from 'knex';
import { publicRequest, send, type FuzzRequest } from '../support/fuzz';
import { openShop, startCheckout, type Shop } from './helpers/shop';

const RUNS = Number(process.env.SMI_FUZZ_RUNS ?? 3_000);
const WATCHED = [
  'smi_jobs',
  'smi_job_transitions',
  'smi_stripe_events',
  'smi_clicks',
  'smi_downloads',
  'smi_sale_rules',
  'smi_settings',
  'files',
];

type Snapshot = Record<string, Map<string, string>>;

async function snapshot(db: Knex): Promise<Snapshot> {
  const tables: Snapshot = {};
  for (const table of WATCHED) {
    const rows = (await db(table).select()) as Array<Record<string, unknown>>;
    tables[table] = new Map(rows.map((row) => [String(row.id), JSON.stringify(row)]));
  }
  return tables;
}

/** Rows added, removed and changed since `before`. */
function diff(before: Snapshot, after: Snapshot) {
  const changes: Record<string, { added: number; removed: number; changed: number }> = {};
  for (const table of WATCHED) {
    const [a, b] = [before[table] ?? new Map(), after[table] ?? new Map()];
    changes[table] = {
      added: [...b.keys()].filter((id) => !a.has(id)).length,
      removed: [...a.keys()].filter((id) => !b.has(id)).length,
      changed: [...a.keys()].filter((id) => b.has(id) && b.get(id) !== a.get(id)).length,
    };
  }
  return changes;
}

describe(`fuzzing the public routes (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  let shop: Shop;
  let port: number;
  let jobId: string;
  beforeAll(async () => {
    shop = await openShop('fuzz-public', { SMI_UPSCALER: 'sharp' });
    port = Number(new URL(shop.app.url).port);
    ({ jobId } = await startCheckout(shop, {
      fileId: shop.images.large.documentId,
      resolution: '4x',
    }));
  });
  afterAll(() => shop?.close());

  // Found by this fuzzer: Strapi's body parser threw a 500 on a body whose
  // Content-Encoding it could not inflate.
  it.each([
    ['a gzip Content-Encoding over plain JSON', 'gzip', '{"fileId":"1"}'],
    ['a deflate Content-Encoding over garbage', 'deflate', 'not deflated at all'],
  ])('answers 400 to a body the parser cannot read: %s', async (_name, encoding, body) => {
    const status = await send(port, {
      method: 'POST',
      path: '/api/sell-my-images/checkout',
      headers: [
        ['content-type', 'application/json'],
        ['content-encoding', encoding],
      ],
      body: Buffer.from(body),
    });
    expect(status).toBe(400);
  });

  it(`answers ${RUNS} generated requests below 500 and changes no row it did not create`, async () => {
    const { large, medium, pdf, tiny } = shop.images;
    const targets = {
      prefix: '/api/sell-my-images',
      fileIds: [large, medium, pdf, tiny].flatMap((f) => [String(f.id), f.documentId]),
      jobId,
    };
    const before = await snapshot(shop.db);
    const statuses = new Map<number, number>();
    let checkouts = 0;
    let clicks = 0;
    const sent = async (request: FuzzRequest) => {
      const status = await send(port, request);
      if (status === null)
        throw new Error(`no answer to ${request.method} ${request.path.slice(0, 200)}`);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (request.path.includes('/checkout') && status === 201) checkouts += 1;
      if (request.path.endsWith('/clicks') && status === 204) clicks += 1;
      return status;
    };
    await fc.assert(
      fc.asyncProperty(publicRequest(targets), async (request) => {
        expect(await sent(request)).toBeLessThan(500);
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: 240_000, markInterruptAsFailure: false },
    );
    const answered = [...statuses.values()].reduce((n, count) => n + count, 0);
    console.log(
      `fuzz: ${answered} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    expect(answered).toBeGreaterThanOrEqual(Math.min(RUNS, 200));

    // Only successes add rows (a reused open session adds none); nothing is removed or changed.
    const changes = diff(before, await snapshot(shop.db));
    const allowed: Record<string, number> = {
      smi_jobs: checkouts,
      smi_job_transitions: checkouts,
      smi_clicks: clicks,
    };
    for (const [table, { added, removed, changed }] of Object.entries(changes)) {
      expect([table, removed, changed]).toEqual([table, 0, 0]);
      expect([table, added <= (allowed[table] ?? 0)]).toEqual([table, true]);
    }
    expect(changes.smi_clicks?.added).toBe(clicks);
    // the shop still sells afterwards
    const prices = await shop.api(`/prices?fileId=${large.documentId}`);
    expect(prices.status).toBe(200);
  });
});
