/**
 * The HTTP side of the fake: records every request, authenticates `/v1` calls,
 * applies Stripe's idempotency layer to POSTs, dispatches to the API routes or the
 * hosted checkout page, and answers in Stripe's formats.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { matchRoute, type ApiRoute } from './api';
import {
  invalidApiKey,
  internalError,
  missingApiKey,
  StripeApiError,
  unrecognizedUrl,
} from './errors';
import { BodyTooLargeError, parseForm, readBody, type FormObject } from './form';
import {
  handleHostedCheckout,
  handleHostedInvoice,
  type HostedCheckoutDeps,
} from './hosted-checkout';
import { IdempotencyStore, type StoredResponse } from './idempotency';
import { newId } from './ids';
import { ParamReader } from './params';
import type { InjectedFault, RecordedRequest, StripeEvent } from './types';

export interface ServerDeps {
  routes: ApiRoute[];
  hostedCheckout: HostedCheckoutDeps;
  idempotency: IdempotencyStore;
  requests: RecordedRequest[];
  faults: InjectedFault[];
  apiVersion: string;
  /** Only this key when set; otherwise any `sk_test_…` key. */
  apiKey?: string;
  /** Called with the events an API request caused, after the answer is sent. */
  onEvents(events: StripeEvent[]): void;
}

interface JsonAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Close the connection instead of answering (an injected fault). */
  drop?: boolean;
}

export function createFakeServer(deps: ServerDeps): http.Server {
  const server = http.createServer((req, res) => {
    handle(deps, req, res).catch((error: unknown) => {
      if (!res.headersSent)
        sendJson(
          res,
          { status: 500, body: internalError(String(error)).toBody() },
          newId.request(),
        );
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  return server;
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://stripe-fake.local');
  const path = url.pathname;
  const query = parseForm(url.search.slice(1));
  const idempotencyKey = headerValue(req, 'idempotency-key');
  const record: RecordedRequest = { method, path, query, body: {}, time: Date.now() };
  if (idempotencyKey !== undefined) record.idempotencyKey = idempotencyKey;
  deps.requests.push(record);

  let body: FormObject;
  try {
    body = parseForm(await readBody(req));
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    record.status = 400;
    const tooLarge = new StripeApiError(400, 'invalid_request_error', 'Request body too large.');
    sendJson(res, { status: 400, body: tooLarge.toBody() }, newId.request());
    return;
  }
  record.body = body;

  if (!path.startsWith('/v1/')) {
    if (path.startsWith('/checkout/pay/')) {
      record.status = await handleHostedCheckout(deps.hostedCheckout, method, path, body, res);
      return;
    }
    if (path.startsWith('/invoices/') && method === 'GET') {
      record.status = handleHostedInvoice(deps.hostedCheckout.ledger, path, res);
      return;
    }
    record.status = 404;
    sendJson(res, { status: 404, body: unrecognizedUrl(method, path).toBody() }, newId.request());
    return;
  }

  const requestId = newId.request();
  const { answer, events, replayed } = answerApi(
    deps,
    req,
    method,
    path,
    method === 'GET' ? query : body,
    idempotencyKey,
    requestId,
  );
  record.status = answer.drop ? 0 : answer.status;
  if (replayed) record.replayed = true;
  if (answer.drop) res.socket?.destroy();
  else {
    const headers: Record<string, string> = {
      'Stripe-Version': headerValue(req, 'stripe-version') ?? deps.apiVersion,
      ...answer.headers,
    };
    if (idempotencyKey !== undefined && method === 'POST')
      headers['Idempotency-Key'] = idempotencyKey;
    sendJson(res, { ...answer, headers }, requestId);
  }
  if (events.length > 0) deps.onEvents(events);
}

function answerApi(
  deps: ServerDeps,
  req: IncomingMessage,
  method: string,
  path: string,
  params: FormObject,
  idempotencyKey: string | undefined,
  requestId: string,
): { answer: JsonAnswer; events: StripeEvent[]; replayed: boolean } {
  const fault = takeFault(deps.faults, method, path);
  if (fault?.kind === 'server-error') {
    const error = internalError('An unknown error occurred (injected by the local Stripe fake).');
    return { answer: { status: 500, body: error.toBody() }, events: [], replayed: false };
  }
  const drop = fault?.kind === 'drop-response';
  const apiKey = authenticate(req, deps.apiKey);
  if (apiKey instanceof StripeApiError)
    return { answer: errorAnswer(apiKey, drop), events: [], replayed: false };

  const matched = matchRoute(deps.routes, method, path);
  if (!matched)
    return {
      answer: errorAnswer(unrecognizedUrl(method, path), drop),
      events: [],
      replayed: false,
    };

  const useIdempotency = method === 'POST' && idempotencyKey !== undefined;
  const endpoint = `${method} ${path}`;
  if (useIdempotency) {
    const invalidKey = IdempotencyStore.validateKey(idempotencyKey);
    if (invalidKey) return { answer: errorAnswer(invalidKey, drop), events: [], replayed: false };
    const found = deps.idempotency.lookup(apiKey, idempotencyKey, endpoint, params);
    if (found.kind === 'conflict')
      return { answer: errorAnswer(found.error, drop), events: [], replayed: false };
    if (found.kind === 'replay') {
      const headers = {
        'Idempotent-Replayed': 'true',
        'Original-Request': found.response.requestId,
      };
      return {
        answer: { status: found.response.status, body: found.response.body, headers, drop },
        events: [],
        replayed: true,
      };
    }
  }

  let stored: StoredResponse | undefined;
  let events: StripeEvent[] = [];
  try {
    const result = matched.route.handle({
      params: new ParamReader(params),
      pathParams: matched.pathParams,
      request: { id: requestId, idempotency_key: idempotencyKey ?? null },
    });
    stored = { status: result.status, body: structuredClone(result.body), requestId };
    events = result.events ?? [];
  } catch (error) {
    const apiError =
      error instanceof StripeApiError
        ? error
        : internalError(error instanceof Error ? error.message : String(error));
    if (useIdempotency && apiError.storedForIdempotency) {
      deps.idempotency.save(apiKey, idempotencyKey, endpoint, params, {
        status: apiError.statusCode,
        body: apiError.toBody(),
        requestId,
      });
    }
    return { answer: errorAnswer(apiError, drop), events: [], replayed: false };
  }
  if (useIdempotency) deps.idempotency.save(apiKey, idempotencyKey, endpoint, params, stored);
  return { answer: { status: stored.status, body: stored.body, drop }, events, replayed: false };
}

/** The API key from `Authorization: Bearer <key>` or Basic auth with the key as user name. */
function authenticate(req: IncomingMessage, onlyKey: string | undefined): string | StripeApiError {
  const header = headerValue(req, 'authorization');
  if (!header) return missingApiKey();
  let key: string | undefined;
  const [scheme, credentials] = header.trim().split(/\s+/, 2);
  if (scheme?.toLowerCase() === 'bearer') key = credentials;
  else if (scheme?.toLowerCase() === 'basic' && credentials) {
    key = Buffer.from(credentials, 'base64').toString('utf8').split(':')[0];
  }
  if (!key) return missingApiKey();
  const accepted = onlyKey !== undefined ? key === onlyKey : /^sk_test_\w+$/.test(key);
  return accepted ? key : invalidApiKey(key);
}

function takeFault(
  faults: InjectedFault[],
  method: string,
  path: string,
): InjectedFault | undefined {
  const index = faults.findIndex(
    (fault) => fault.method.toUpperCase() === method && path.startsWith(fault.pathPrefix),
  );
  const fault = faults[index];
  if (!fault) return undefined;
  const remaining = (fault.times ?? 1) - 1;
  if (remaining <= 0) faults.splice(index, 1);
  else fault.times = remaining;
  return fault;
}

function errorAnswer(error: StripeApiError, drop = false): JsonAnswer {
  return { status: error.statusCode, body: error.toBody(), drop };
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sendJson(res: ServerResponse, answer: JsonAnswer, requestId: string): void {
  const text = JSON.stringify(answer.body, null, 2);
  res.writeHead(answer.status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Request-Id': requestId,
    'Cache-Control': 'no-cache, no-store',
    ...answer.headers,
  });
  res.end(text);
}
