import type { Core } from '@strapi/strapi';
import type { PluginConfig } from '../config';
import { PLUGIN_ID } from '../plugin-id';
import { readEnvironment } from './environment';

/**
 * The URL visitors and webhooks reach Strapi at: SMI_PUBLIC_URL, else the plugin's
 * `publicUrl` option, else Strapi's `server.url`, else http://host:port.
 */
export function publicUrl(strapi: Core.Strapi): string {
  const configured =
    readEnvironment().publicUrl ??
    (strapi.config.get('plugin::sell-my-images') as PluginConfig | undefined)?.publicUrl ??
    (strapi.config.get('server.url') as string | undefined);
  if (configured && /^https?:\/\//.test(configured)) return configured.replace(/\/$/, '');
  const host = String(strapi.config.get('server.host', 'localhost')).replace(
    '0.0.0.0',
    'localhost',
  );
  return `http://${host}:${strapi.config.get('server.port', 1337)}`;
}

/**
 * The public URL of one of the plugin's content-API routes, e.g. `/downloads/<token>` →
 * `https://shop.example/api/sell-my-images/downloads/<token>` (Strapi's configured API prefix).
 */
export function publicApiUrl(strapi: Core.Strapi, route: string): string {
  const prefix = String(strapi.config.get('api.rest.prefix', '/api')).replace(/\/$/, '');
  return `${publicUrl(strapi)}${prefix}/${PLUGIN_ID}${route}`;
}

/** Origins a checkout may return the visitor to: the settings' list, or else the site's own. */
export function allowedReturnOrigins(strapi: Core.Strapi, configured: string[]): Set<string> {
  const origins = new Set(configured);
  origins.add(new URL(publicUrl(strapi)).origin);
  return origins;
}
