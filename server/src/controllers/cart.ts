import type { Core } from '@strapi/strapi';
import { errors } from '../utils/errors';

/** Placeholder until this route group is built (answers 404). */
export default (_deps: { strapi: Core.Strapi }) => ({
  async quote(): Promise<void> {
    throw new errors.NotFoundError('Not available yet');
  },
  async checkout(): Promise<void> {
    throw new errors.NotFoundError('Not available yet');
  },
});
