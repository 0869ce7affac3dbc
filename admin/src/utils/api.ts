import { PLUGIN_ID } from '../pluginId';
import { formatMoney as formatStripeMoney } from '../../../shared/currency';

/** Admin API base path of the plugin (admin routes, admin JWT, RBAC). */
export const API = `/${PLUGIN_ID}`;

export interface FieldErrors {
  [field: string]: string;
}

export interface ApiFailure {
  message: string;
  status?: number;
  fields: FieldErrors;
}

interface ErrorLike {
  message?: string;
  status?: number;
  response?: {
    data?: {
      error?: {
        status?: number;
        message?: string;
        details?: { errors?: Array<{ path?: string[]; message?: string }> };
      };
    };
  };
}

/** Reads Strapi's error shape out of a `useFetchClient` failure: message, status and per-field messages. */
export function apiFailure(error: unknown): ApiFailure {
  const e = (error ?? {}) as ErrorLike;
  const body = e.response?.data?.error;
  const fields: FieldErrors = {};
  for (const item of body?.details?.errors ?? []) {
    const key = (item.path ?? []).join('.');
    if (key && item.message && !fields[key]) fields[key] = item.message;
  }
  return {
    message: body?.message ?? e.message ?? 'Request failed',
    status: body?.status ?? e.status,
    fields,
  };
}

/**
 * Formats an amount in integer minor units of `currency` for the admin's locale, with the
 * server's own table of currency exponents (Stripe's: ISK counts in hundredths though it
 * is shown without decimals, which the browser's Intl alone gets wrong).
 */
export function formatMoney(amountMinor: number, currency: string, locale?: string): string {
  try {
    return formatStripeMoney(amountMinor, currency, locale ?? 'en-US');
  } catch {
    return `${amountMinor} ${currency.toUpperCase()}`;
  }
}
