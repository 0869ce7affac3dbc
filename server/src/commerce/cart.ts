/**
 * The cart (docs/architecture.md "Previews, cart and purchases"): `POST /cart/quote`
 * prices every line with the quotes of `GET /prices` and the quantity discount the
 * available lines reach; `POST /cart/checkout` makes one job per line (one order) and
 * one Checkout Session for all of them. Prices are the server's; the client sends none.
 */
import { randomUUID } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { CartQuote, CartQuoteLine } from '../../../shared/contracts/cart';
import { formatMoney } from '../../../shared/currency';
import { emitJobEvent } from '../jobs/events';
import type { Job, JobsService } from '../jobs/repository';
import type { SettingsService } from '../settings/settings';
import type { LocalAiService } from '../upscalers/local-ai/service';
import { errors, httpError } from '../utils/errors';
import { errorOutcome, type Metrics } from '../utils/metrics';
import type { CartCheckoutBody, CartItemBody, CartQuoteBody } from '../validation/public';
import { cartDiscount } from './cart-discount';
import { duplicateOf, priceLines, shownFiles, type CartLine } from './cart-lines';
import { openOrderSession, type OrderLine } from './cart-session';
import { createSessionOpener } from './checkout-session';
import { createCheckoutSupport, saleJobFields } from './checkout-support';
import type { Quotes } from './quotes';
import { stripeClient } from './stripe-client';

export interface CartCheckoutResult {
  orderId: string;
  jobIds: string[];
  checkoutUrl: string;
}

interface Deps {
  settings: SettingsService;
  quotes: Quotes;
  jobs: JobsService;
  localAi?: LocalAiService;
  metrics: Metrics;
}

const lineError = (line: CartLine, message: string) => ({
  path: ['items', String(line.index), ...(line.field ? [line.field] : [])],
  message,
  name: 'ValidationError',
});

/** 400 naming each line at fault (`details.errors[].path` `items.N.<field>`). */
function refuseLines(message: string, bad: Array<{ line: CartLine; message: string }>): never {
  throw new errors.ValidationError(message, {
    errors: bad.map(({ line, message: why }) => lineError(line, why)),
  });
}

/** The same image, resolution and licence twice (also through its id and its documentId). */
function refuseDuplicates(lines: readonly CartLine[]): void {
  const doubled = lines.flatMap((line) => {
    const first = duplicateOf(lines, line);
    return first < 0 ? [] : [{ line: { ...line, field: undefined }, first }];
  });
  if (doubled.length)
    refuseLines(
      'The cart holds the same image twice',
      doubled.map(({ line, first }) => ({ line, message: `The same image as items.${first}` })),
    );
}

const WHY: Record<string, string> = {
  not_for_sale: 'This image is not for sale',
  not_offered: 'This option is not offered',
};

export function createCartService(strapi: Core.Strapi, deps: Deps) {
  const { jobs, quotes } = deps;
  const opener = createSessionOpener(strapi, deps);
  const support = createCheckoutSupport(strapi, deps);

  async function quote(body: CartQuoteBody): Promise<CartQuote> {
    const priced = await priceLines(quotes, body.items);
    const { lines } = priced;
    const settings = priced.settings ?? (await deps.settings.get());
    refuseDuplicates(lines);
    const shown = await shownFiles(strapi, lines);
    const { currency } = settings;
    const money = (amount: number) => formatMoney(amount, currency);
    const discount = cartDiscount(
      settings.quantityDiscounts,
      lines.map((line) => ({ amount: line.option?.amount ?? 0, available: line.available })),
    );
    const quoted = lines.map((line): CartQuoteLine => {
      const file = line.file ? shown.get(line.file.id) : undefined;
      const amount = line.option?.amount ?? 0;
      return {
        fileId: line.item.fileId,
        resolution: line.item.resolution,
        ...(line.licence ? { licence: line.licence.id, licenceName: line.licence.name } : {}),
        title: file?.title ?? '',
        thumbnailUrl: file?.thumbnailUrl ?? null,
        width: line.option?.width ?? 0,
        height: line.option?.height ?? 0,
        amount,
        formatted: money(amount),
        available: line.available,
        ...(line.reason ? { reason: line.reason } : {}),
      };
    });
    const subtotal = quoted.reduce((sum, line) => sum + (line.available ? line.amount : 0), 0);
    const total = subtotal - (discount?.amount ?? 0);
    return {
      currency,
      lines: quoted,
      subtotal,
      discount: discount
        ? { ...discount.tier, amount: discount.amount, formatted: money(discount.amount) }
        : null,
      total,
      formattedSubtotal: money(subtotal),
      formattedTotal: money(total),
      ...(settings.tax === 'stripe_tax' ? { tax: { behavior: settings.taxBehavior } } : {}),
    };
  }

  /** Every line priced and available, or the 400/503 a single checkout would answer. */
  async function sellableLines(items: readonly CartItemBody[]) {
    const { lines, settings } = await priceLines(quotes, items);
    refuseDuplicates(lines);
    const bad = lines.filter((line) => !line.available);
    if (bad.some((line) => line.reason === 'upscaler_not_configured')) {
      support.notices.refusedForMissingSetting('upscaler', settings?.upscaler ?? '');
      throw httpError(503, 'Upscaling is not configured on this site yet');
    }
    if (bad.length || !settings)
      refuseLines(
        'Some images of the cart cannot be bought',
        bad.map((line) => ({
          line,
          message: WHY[line.reason ?? ''] ?? `This resolution is not available (${line.reason})`,
        })),
      );
    return { lines, settings };
  }

  async function checkout(
    body: CartCheckoutBody,
    visitor: { ipHash: string | null },
  ): Promise<CartCheckoutResult> {
    const { lines, settings } = await sellableLines(body.items);
    const secretKey = settings.stripeSecretKey;
    if (!secretKey) {
      support.notices.refusedForMissingSetting('stripe_key');
      throw httpError(503, 'Payments are not configured on this site yet');
    }
    const target = support.returnTarget(body, settings);
    const { currency } = settings;
    const discount = cartDiscount(
      settings.quantityDiscounts,
      lines.map((line) => ({ amount: line.option?.amount ?? 0, available: true })),
    );
    const previewed = new Set(body.previewed ?? []);
    const orderId = randomUUID();
    const sold: OrderLine[] = [];
    // One transaction: an order is all its lines or none (never a half-written cart).
    const created = await strapi.db.transaction(async () => {
      const made: Job[] = [];
      for (const line of lines) {
        const { file, option, licence } = line as CartLine & Pick<OrderLine, 'file' | 'option'>;
        const fields = saleJobFields(strapi, {
          jobId: randomUUID(),
          ...{ file, option, licence, currency, settings, body, target },
          ipHash: visitor.ipHash,
        });
        const seen = [line.item.fileId, file.documentId, String(file.id)];
        const job = await jobs.create(
          {
            ...fields,
            orderId,
            orderLine: line.index,
            orderSize: lines.length,
            quantityDiscountPercent: discount?.tier.percentOff ?? 0,
            previewed: seen.some((id) => previewed.has(id)),
          },
          { reason: `cart checkout started (order ${orderId})`, actor: 'visitor' },
        );
        made.push(job);
        sold.push({ job, file, option });
      }
      return made;
    });
    for (const job of created) emitJobEvent(strapi, 'created', job);
    const jobIds = created.map((job) => job.jobId);
    try {
      const session = await openOrderSession(stripeClient(secretKey), opener, {
        orderId,
        lines: sold,
        tier: discount?.tier ?? null,
        body,
        settings,
        currency,
        target,
      });
      await jobs.updateWhere({ orderId }, { stripeCheckoutSessionId: session.id });
      return { orderId, jobIds, checkoutUrl: session.url ?? '' };
    } catch (error) {
      return support.sessionFailed(`order ${orderId}`, jobIds, error);
    }
  }

  return {
    quote,
    /** Counted like a single checkout, once per order (README "Monitoring"). */
    async checkout(body: CartCheckoutBody, visitor: { ipHash: string | null }) {
      const result = await checkout(body, visitor).catch((error: unknown) => {
        deps.metrics.checkout(errorOutcome(error));
        throw error;
      });
      deps.metrics.checkout('created');
      return result;
    },
  };
}

export type CartService = ReturnType<typeof createCartService>;
