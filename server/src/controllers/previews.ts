import type { Core } from '@strapi/strapi';
import { errors } from '../utils/errors';

/** Placeholder until this route group is built (answers 404). */
export default (_deps: { strapi: Core.Strapi }) => ({
  async find(): Promise<void> {
    throw new errors.NotFoundError('Not available yet');
  },
  async image(): Promise<void> {
    throw new errors.NotFoundError('Not available yet');
  },
});
