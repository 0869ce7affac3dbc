// The plugin's server entry (the `./strapi-server` export): everything lives in server/src.
export { default } from './server/src';
