import { createClicksService } from '../../server/src/analytics/clicks';

/** A click must never fail the visitor: storage trouble is logged and swallowed. */
describe('clicks service', () => {
  function fakeStrapi(create: () => Promise<unknown>) {
    const errors: string[] = [];
    const strapi = {
      db: { query: () => ({ create }) },
      log: { error: (message: string) => errors.push(message) },
    };
    return { strapi: strapi as never, errors };
  }

  it('stores a click and reports success', async () => {
    const rows: unknown[] = [];
    const { strapi, errors } = fakeStrapi(async () => rows.push('row'));
    await expect(createClicksService(strapi).record(7, '/page', 'hash')).resolves.toBe(true);
    expect(rows).toHaveLength(1);
    expect(errors).toHaveLength(0);
  });

  it('logs and swallows a storage failure', async () => {
    const { strapi, errors } = fakeStrapi(async () => {
      throw new Error('SQLITE_BUSY: database is locked');
    });
    await expect(createClicksService(strapi).record(7, null, null)).resolves.toBe(false);
    expect(errors).toEqual([expect.stringContaining('SQLITE_BUSY')]);
  });
});
