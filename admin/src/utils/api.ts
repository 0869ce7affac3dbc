import { PLUGIN_ID } from '../pluginId';

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
  response?: { data?: { error?: { status?: number; message?: string; details?: { errors?: Array<{ path?: string[]; message?: string }> } } } };
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
  return { message: body?.message ?? e.message ?? 'Request failed', status: body?.status ?? e.status, fields };
}

/** Formats an amount in integer minor units of `currency` for the admin's locale. */
export function formatMoney(amountMinor: number, currency: string, locale?: string): string {
  const code = currency.toUpperCase();
  let digits = 2;
  try {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return `${amountMinor} ${code}`;
  }
  return new Intl.NumberFormat(locale, { style: 'currency', currency: code }).format(amountMinor / 10 ** digits);
}
