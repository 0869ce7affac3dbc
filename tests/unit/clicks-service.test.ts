import { createClicksService } from '../../server/src/analytics/clicks';
import { errors } from '../../server/src/utils/errors';

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
  /** Clicks are counted for files for sale only (quotes.sellableFile decides). */
  const quotes = { sellableFile: async () => ({ file: { id: 7 } }) as never };

  it('stores a click and reports success', async () => {
    const rows: unknown[] = [];
    const { strapi, errors } = fakeStrapi(async () => rows.push('row'));
    await expect(createClicksService(strapi, { quotes }).record(7, '/page', 'hash')).resolves.toBe(
      true,
    );
    expect(rows).toHaveLength(1);
    expect(errors).toHaveLength(0);
  });

  it('answers 404 for a file not for sale, like GET /prices; a failing lookup is logged, the click still answers', async () => {
    const rows: unknown[] = [];
    const { strapi, errors: logged } = fakeStrapi(async () => rows.push('row'));
    const refusing = {
      sellableFile: async () => {
        throw new errors.NotFoundError('No image for sale with this id');
      },
    };
    await expect(
      createClicksService(strapi, { quotes: refusing }).click('abc', null, null),
    ).rejects.toBeInstanceOf(errors.NotFoundError);
    const broken = {
      sellableFile: async () => {
        throw new Error('connection lost');
      },
    };
    await expect(
      createClicksService(strapi, { quotes: broken }).click('abc', null, null),
    ).resolves.toBeUndefined();
    expect(logged).toEqual([expect.stringContaining('connection lost')]);
    await createClicksService(strapi, { quotes }).click('abc', '/page', null);
    expect(rows).toHaveLength(1);
  });

  it('logs and swallows a storage failure', async () => {
    const { strapi, errors } = fakeStrapi(async () => {
      throw new Error('SQLITE_BUSY: database is locked');
    });
    await expect(createClicksService(strapi, { quotes }).record(7, null, null)).resolves.toBe(
      false,
    );
    expect(errors).toEqual([expect.stringContaining('SQLITE_BUSY')]);
  });
});
