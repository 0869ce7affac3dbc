import type { Core, UID } from '@strapi/strapi';

/**
 * Test-only routes, mounted only when SMI_TEST_SUPPORT_TOKEN is set (the test bed
 * sets it; `npm run serve` and `npm run demo` never do) and answering only requests
 * that carry that token. They let the integration suites read and write documents
 * through Strapi's own document service, over HTTP, like every other check.
 */
export function registerTestSupport(strapi: Core.Strapi): void {
  const token = process.env.SMI_TEST_SUPPORT_TOKEN;
  if (!token) return;

  const guard = (ctx: any): boolean => {
    if (ctx.get('x-test-support-token') !== token) {
      ctx.status = 403;
      ctx.body = { error: 'test support token required' };
      return false;
    }
    return true;
  };

  /** A route under /api/test-support, outside Strapi's auth, answering only with the token. */
  const route = (method: 'GET' | 'POST', path: string, handle: (ctx: any) => Promise<void>) => ({
    method,
    path: `/api/test-support${path}`,
    config: { auth: false as const },
    handler: async (ctx: any) => {
      if (guard(ctx)) await handle(ctx);
    },
  });

  strapi.server.routes([
    route('POST', '/documents/:uid', async (ctx) => {
      const uid = ctx.params.uid as UID.ContentType;
      ctx.status = 201;
      // `status: 'published'` creates the published version too, as the Publish button does.
      const { data, status } = ctx.request.body;
      ctx.body = await strapi.documents(uid).create({ data, ...(status ? { status } : {}) });
    }),
    // publish, unpublish, update ({ data }) or delete a document, as the Content Manager does.
    route('POST', '/documents/:uid/:documentId/:action', async (ctx) => {
      const documents = strapi.documents(ctx.params.uid as UID.ContentType);
      const params = { ...ctx.request.body, documentId: ctx.params.documentId };
      const actions: Record<string, () => Promise<unknown>> = {
        publish: () => documents.publish(params),
        unpublish: () => documents.unpublish(params),
        update: () => documents.update(params),
        delete: () => documents.delete(params),
      };
      const run = actions[ctx.params.action as string];
      ctx.status = run ? 200 : 400;
      ctx.body = run ? ((await run()) ?? {}) : { error: 'unknown action' };
    }),
    route('GET', '/documents/:uid/:documentId', async (ctx) => {
      const uid = ctx.params.uid as UID.ContentType;
      const doc = await strapi.documents(uid).findOne({ documentId: ctx.params.documentId });
      ctx.status = doc ? 200 : 404;
      ctx.body = doc ?? { error: 'not found' };
    }),
    // Gives a job a licence snapshot (and a buyer language), as checkout does when the
    // shop offers licences: { licenceId, licenceName, licenceText, licenceMultiplierPercent, locale }.
    route('POST', '/jobs/:jobId/licence', async (ctx) => {
      const fields = [
        'licenceId',
        'licenceName',
        'licenceText',
        'licenceMultiplierPercent',
        'locale',
      ] as const;
      const body = ctx.request.body ?? {};
      const data = Object.fromEntries(
        fields.filter((field) => field in body).map((field) => [field, body[field]]),
      );
      const updated = await strapi.db
        .query('plugin::sell-my-images.job')
        .update({ where: { jobId: ctx.params.jobId }, data });
      ctx.status = updated ? 200 : 404;
      ctx.body = updated ?? { error: 'not found' };
    }),
    route('POST', '/tasks/:task', async (ctx) => {
      const maintenance = strapi.plugin('sell-my-images').service('maintenance') as {
        run(task: string, o: { force: boolean }): Promise<number | null>;
      };
      ctx.body = {
        handled: await maintenance.run(ctx.params.task, { force: ctx.query.force !== 'false' }),
      };
    }),
    // The analytics read every day raw ({ enabled: false }) or the daily summaries again:
    // what the rollup tests and bench compare against (docs/architecture.md "Analytics rollups").
    route('POST', '/analytics-rollups', async (ctx) => {
      const analytics = strapi.plugin('sell-my-images').service('analytics') as {
        rollups: { setEnabled(enabled: boolean): void };
      };
      const enabled = ctx.request.body?.enabled !== false;
      analytics.rollups.setEnabled(enabled);
      ctx.body = { enabled };
    }),
    // What this instance's worker did and where it counts rate limits (scale-out tests).
    route('GET', '/worker', async (ctx) => {
      const plugin = strapi.plugin('sell-my-images');
      const worker = plugin.service('worker') as { owner: string; claimed: number };
      const limits = plugin.service('rateLimits') as { store: string };
      ctx.body = { owner: worker.owner, claimed: worker.claimed, rateLimitStore: limits.store };
    }),
    route('GET', '/info', async (ctx) => {
      const uids = Object.keys(strapi.contentTypes).filter((uid) =>
        uid.startsWith('plugin::sell-my-images.'),
      );
      ctx.body = {
        database: strapi.db.dialect.client,
        contentTypes: uids.map((uid) => ({
          uid,
          tableName: strapi.contentTypes[uid as UID.ContentType].collectionName,
        })),
      };
    }),
  ]);
}
