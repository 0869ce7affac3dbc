import { factories } from '@strapi/strapi';

/** Read-only and public: the demo gallery renders published photos from the REST API. */
export default factories.createCoreRouter('api::photo.photo', {
  only: ['find', 'findOne'],
  config: { find: { auth: false }, findOne: { auth: false } },
});
