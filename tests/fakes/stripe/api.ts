/**
 * The `/v1` endpoints the plugin uses, as a route table over the ledger. Handlers are
 * synchronous and return the JSON answer plus the events to deliver afterwards.
 */
import { parseCreateSessionParams } from './checkout-params';
import { commerceRoutes } from './commerce-routes';
import { invalidParam } from './errors';
import { nowSeconds } from './ids';
import type { StripeLedger } from './ledger';
import type { ParamReader } from './params';
import type { EventRequestInfo, LineItem, StripeEvent } from './types';

export interface ApiContext {
  params: ParamReader;
  pathParams: string[];
  /** Request id and idempotency key, written into the events the request causes. */
  request: EventRequestInfo;
}

export interface ApiResult {
  status: number;
  body: unknown;
  events?: StripeEvent[];
}

export interface ApiRoute {
  method: 'GET' | 'POST';
  pattern: RegExp;
  handle(context: ApiContext): ApiResult;
}

const REFUND_PARAMS = [
  'amount',
  'charge',
  'currency',
  'customer',
  'expand',
  'instructions_email',
  'metadata',
  'origin',
  'payment_intent',
  'reason',
  'refund_application_fee',
  'reverse_transfer',
] as const;
const REFUND_REASONS = ['duplicate', 'fraudulent', 'requested_by_customer'] as const;
const ID = '([A-Za-z0-9_]+)';

interface ListObject<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

export function list<T>(data: T[], url: string, hasMore = false): ListObject<T> {
  return { object: 'list', data, has_more: hasMore, url };
}

export function createApiRoutes(ledger: StripeLedger): ApiRoute[] {
  const ok = (body: object, params: ParamReader, events?: StripeEvent[]): ApiResult => ({
    status: 200,
    body: expandFields(body, params.expand(), ledger),
    events,
  });
  const id = (context: ApiContext): string => context.pathParams[0] ?? '';
  /** `GET /v1/<path>/<id>`: the stored object, expanded as asked. */
  const retrieve = (path: string, get: (id: string) => object): ApiRoute => ({
    method: 'GET',
    pattern: new RegExp(`^/v1/${path}/${ID}$`),
    handle: (context) => ok(get(id(context)), context.params),
  });

  return [
    ...commerceRoutes(ledger.commerce, ok, retrieve),
    {
      method: 'POST',
      pattern: /^\/v1\/checkout\/sessions$/,
      handle: ({ params }) =>
        ok(
          ledger.createSession(parseCreateSessionParams(params, nowSeconds(), ledger.commerce)),
          params,
        ),
    },
    retrieve('checkout/sessions', (id) => ledger.getSession(id)),
    {
      // Stripe's order (as sent), `limit` (default 10) and `expand[]=data.price.product`.
      method: 'GET',
      pattern: new RegExp(`^/v1/checkout/sessions/${ID}/line_items$`),
      handle: (context) => {
        const { params } = context;
        params.allowOnly(['limit', 'expand', 'starting_after', 'ending_before']);
        const session = ledger.getSession(id(context));
        const limit = listLimit(params);
        const all = ledger.lineItems(session.id);
        const after = params.string('starting_after');
        const start = after ? all.findIndex((item) => item.id === after) + 1 : 0;
        const page = all
          .slice(start, start + limit)
          .map((item) => lineItemView(item, params, ledger));
        const url = `/v1/checkout/sessions/${session.id}/line_items`;
        return { status: 200, body: list(page, url, start + limit < all.length) };
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/v1/checkout/sessions/${ID}/expire$`),
      handle: (context) => {
        context.params.allowOnly(['expand']);
        const event = ledger.expireSession(id(context), context.request);
        return ok(ledger.getSession(id(context)), context.params, [event]);
      },
    },
    retrieve('payment_intents', (id) => ledger.getPaymentIntent(id)),
    retrieve('charges', (id) => ledger.getCharge(id)),
    {
      method: 'POST',
      pattern: /^\/v1\/refunds$/,
      handle: ({ params, request }) => {
        params.allowOnly(REFUND_PARAMS);
        const paymentIntent = params.string('payment_intent');
        const charge = params.string('charge');
        if (!paymentIntent && !charge) {
          throw invalidParam(
            'payment_intent',
            'One of `charge` or `payment_intent` is required.',
            'parameter_missing',
          );
        }
        const { refund, event } = ledger.createRefund(
          {
            paymentIntent,
            charge,
            amount: params.integer('amount', { min: 1 }),
            reason: params.enumValue('reason', REFUND_REASONS),
            metadata: params.metadata('metadata') ?? {},
          },
          request,
        );
        return ok(refund, params, [event]);
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/refunds$/,
      handle: ({ params }) => {
        params.allowOnly(['charge', 'payment_intent', 'limit', 'expand']);
        const limit = listLimit(params);
        const refunds = ledger.listRefunds({
          paymentIntent: params.string('payment_intent'),
          charge: params.string('charge'),
        });
        return {
          status: 200,
          body: list(refunds.slice(0, limit), '/v1/refunds', refunds.length > limit),
        };
      },
    },
    retrieve('refunds', (id) => ledger.getRefund(id)),
    retrieve('events', (id) => ledger.getEvent(id)),
    {
      method: 'GET',
      pattern: /^\/v1\/events$/,
      handle: ({ params }) => {
        const limit = listLimit(params);
        const type = params.string('type');
        const matching = ledger.events.filter((event) => !type || event.type === type).reverse();
        return {
          status: 200,
          body: list(matching.slice(0, limit), '/v1/events', matching.length > limit),
        };
      },
    },
  ];
}

/** A line item as listed: `expand[]=data.price.product` puts its inline product in place. */
function lineItemView(item: LineItem, params: ParamReader, ledger: StripeLedger): object {
  const copy = structuredClone(item) as Omit<LineItem, 'price'> & {
    price: Omit<LineItem['price'], 'product'> & { product: unknown };
  };
  for (const path of params.expand()) {
    if (path !== 'data.price.product') throw cannotExpand(path);
    const product = ledger.productOf(item);
    if (product) copy.price.product = { ...structuredClone(product), object: 'product' };
  }
  return copy;
}

/** A list's `limit`: 1 to 100, default 10. */
export function listLimit(params: ParamReader): number {
  const limit = params.integer('limit', { min: 1 }) ?? 10;
  if (limit > 100) throw invalidParam('limit', 'Invalid limit: must be between 1 and 100.');
  return limit;
}

export function matchRoute(
  routes: ApiRoute[],
  method: string,
  path: string,
): { route: ApiRoute; pathParams: string[] } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (match) return { route, pathParams: match.slice(1) };
  }
  return undefined;
}

/**
 * Stripe's `expand[]`: replaces an id field by the object it names (`payment_intent`,
 * `latest_charge`, `charge`, dotted paths like `payment_intent.latest_charge`), and
 * `line_items` on a Checkout Session by its list. Returns a copy.
 */
export function expandFields(object: object, paths: string[], ledger: StripeLedger): object {
  if (paths.length === 0) return object;
  const copy = structuredClone(object) as Record<string, unknown>;
  for (const path of paths) expandPath(copy, path.split('.'), path, ledger);
  return copy;
}

function expandPath(
  target: Record<string, unknown>,
  segments: string[],
  fullPath: string,
  ledger: StripeLedger,
): void {
  const [field, ...rest] = segments;
  if (field === undefined) return;
  const value = target[field];
  let expanded: unknown = value;
  if (
    field === 'line_items' &&
    target.object === 'checkout.session' &&
    typeof target.id === 'string'
  ) {
    const items: LineItem[] = ledger.lineItems(target.id);
    expanded = list(structuredClone(items), `/v1/checkout/sessions/${target.id}/line_items`);
  } else if (typeof value === 'string') {
    expanded = structuredClone(resolveById(value, ledger));
    if (expanded === undefined) throw cannotExpand(fullPath);
  } else if (value === null) {
    return;
  } else if (typeof value !== 'object' || value === undefined) {
    throw cannotExpand(fullPath);
  }
  target[field] = expanded;
  if (rest.length > 0 && typeof expanded === 'object' && expanded !== null) {
    expandPath(expanded as Record<string, unknown>, rest, fullPath, ledger);
  }
}

function resolveById(id: string, ledger: StripeLedger): object | undefined {
  if (id.startsWith('pi_')) return ledger.paymentIntents.get(id);
  if (id.startsWith('ch_')) return ledger.charges.get(id);
  if (id.startsWith('re_')) return ledger.refunds.get(id);
  if (id.startsWith('cs_')) return ledger.sessions.get(id);
  if (id.startsWith('in_')) return ledger.commerce.invoices.get(id);
  if (id.startsWith('promo_')) return ledger.commerce.promotionCodes.get(id);
  return undefined;
}

function cannotExpand(path: string) {
  return invalidParam('expand', `This property cannot be expanded (${path}).`);
}
