import type { Core } from '@strapi/strapi';
import { errors } from '../utils/errors';

/** Placeholder until this route group is built (answers 404). */
export default (_deps: { strapi: Core.Strapi }) => ({
  async lookup(): Promise<void> {
    throw new errors.NotFoundError('Not available yet');
  },
  async page(): Promise<void> {
    throw new errors.NotFoundError('Not available yet');
  },
  async list(): Promise<void> {
    throw new errors.NotFoundError('Not available yet');
  },
  async link(): Promise<void> {
    throw new errors.NotFoundError('Not available yet');
  },
});
