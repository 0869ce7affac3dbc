/**
 * `/v1/webhook_endpoints`: create, list, retrieve and update, held in memory. Like Stripe,
 * the signing secret (`whsec_…`) is in the answer to the create only.
 */
import type { ApiRoute } from './api';
import { invalidParam, resourceMissing } from './errors';
import { nowSeconds, randomBase62 } from './ids';
import type { ParamReader } from './params';

export interface WebhookEndpoint {
  id: string;
  object: 'webhook_endpoint';
  api_version: string | null;
  created: number;
  description: string | null;
  enabled_events: string[];
  livemode: false;
  metadata: Record<string, string>;
  status: 'enabled' | 'disabled';
  url: string;
}

const ID = '([A-Za-z0-9_]+)';

function events(params: ParamReader, required: boolean): string[] | undefined {
  const list = params.stringArray('enabled_events');
  if (required && (!list || list.length === 0)) {
    throw invalidParam('enabled_events', 'Missing required param: enabled_events.');
  }
  return list;
}

function url(params: ParamReader, required: boolean): string | undefined {
  const value = required ? params.requiredString('url') : params.string('url');
  if (value !== undefined && !/^https?:\/\//.test(value)) {
    throw invalidParam('url', 'Invalid URL: must be a valid http(s) URL.');
  }
  return value;
}

/** The endpoints, and each one's signing secret (kept for the tests to sign with). */
export interface WebhookEndpointStore {
  endpoints: Map<string, WebhookEndpoint>;
  secrets: Map<string, string>;
}

export function webhookEndpointRoutes({ endpoints, secrets }: WebhookEndpointStore): ApiRoute[] {
  const get = (id: string): WebhookEndpoint => {
    const endpoint = endpoints.get(id);
    if (!endpoint) throw resourceMissing('webhook_endpoint', id, 'id');
    return endpoint;
  };
  return [
    {
      method: 'POST',
      pattern: /^\/v1\/webhook_endpoints$/,
      handle: ({ params }) => {
        params.allowOnly(['url', 'enabled_events', 'api_version', 'description', 'metadata']);
        const endpoint: WebhookEndpoint = {
          id: `we_1${randomBase62(23)}`,
          object: 'webhook_endpoint',
          api_version: params.string('api_version') ?? null,
          created: nowSeconds(),
          description: params.string('description') ?? null,
          enabled_events: events(params, true) ?? [],
          livemode: false,
          metadata: params.metadata('metadata') ?? {},
          status: 'enabled',
          url: url(params, true) ?? '',
        };
        const secret = `whsec_${randomBase62(32)}`;
        endpoints.set(endpoint.id, endpoint);
        secrets.set(endpoint.id, secret);
        return { status: 200, body: { ...endpoint, secret } };
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/webhook_endpoints$/,
      handle: ({ params }) => {
        params.allowOnly(['limit', 'starting_after']);
        const data = [...endpoints.values()].reverse();
        return {
          status: 200,
          body: { object: 'list', data, has_more: false, url: '/v1/webhook_endpoints' },
        };
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/v1/webhook_endpoints/${ID}$`),
      handle: ({ pathParams }) => ({ status: 200, body: get(pathParams[0] ?? '') }),
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/v1/webhook_endpoints/${ID}$`),
      handle: ({ params, pathParams }) => {
        params.allowOnly(['url', 'enabled_events', 'description', 'metadata', 'disabled']);
        const endpoint = get(pathParams[0] ?? '');
        const next = url(params, false);
        const list = events(params, false);
        const description = params.string('description');
        const disabled = params.string('disabled');
        if (next !== undefined) endpoint.url = next;
        if (list !== undefined) endpoint.enabled_events = list;
        if (description !== undefined) endpoint.description = description;
        if (disabled !== undefined) endpoint.status = disabled === 'true' ? 'disabled' : 'enabled';
        return { status: 200, body: endpoint };
      },
    },
  ];
}
