import type { Core } from '@strapi/strapi';
import { withRawBodyCapture } from './middlewares/raw-body-capture';
import { registerPermissions } from './permissions';

export default async function register({ strapi }: { strapi: Core.Strapi }): Promise<void> {
  // Runs before Strapi instantiates its middlewares (that happens in bootstrap), so
  // the webhook routes get their raw bytes without any edit by the site owner.
  strapi.get('middlewares').extend('strapi::body', withRawBodyCapture);
  await registerPermissions(strapi);
}
