// The plugin's admin entry (the `./strapi-admin` export): everything lives in admin/src.
export { default } from './admin/src';
