import type { Core } from '@strapi/strapi';
import { withRawBodyCapture } from './middlewares/raw-body-capture';
import { withRedactedUrls } from './middlewares/redacted-request-log';
import { registerPermissions } from './permissions';

export default async function register({ strapi }: { strapi: Core.Strapi }): Promise<void> {
  // Runs before Strapi instantiates its middlewares (that happens in bootstrap), so
  // the webhook routes get their raw bytes without any edit by the site owner.
  strapi.get('middlewares').extend('strapi::body', withRawBodyCapture);
  // …and Strapi's request log shows their URLs without the secrets in them.
  strapi.get('middlewares').extend('strapi::logger', withRedactedUrls);
  await registerPermissions(strapi);
}
