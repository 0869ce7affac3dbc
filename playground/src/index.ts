import type { Core } from '@strapi/strapi';
import { registerTestSupport } from './test-support';

export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    registerTestSupport(strapi);
  },
  bootstrap() {},
};
