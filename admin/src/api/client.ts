/**
 * What every resource client (jobs, media, analytics, settings) shares: the plugin's admin
 * API base path, Strapi's `{ data }` answer envelope, the query options of the panel and
 * the reading of Strapi's error answer. Each resource file builds its query keys and hooks
 * on `useFetchClient` with the answer types of shared/contracts.
 */
import { useRef } from 'react';
import type { FieldError } from '../../../shared/contracts/errors';
import { PLUGIN_ID } from '../pluginId';

/** Admin API base path of the plugin (admin routes, admin JWT, RBAC). */
export const API = `/${PLUGIN_ID}`;

/** Strapi's answer envelope: every admin route answers `{ data }`. */
export interface Answer<T> {
  data: T;
}

/** The root of every query key of the plugin (`invalidateQueries(['sell-my-images'])` reloads all). */
export const ROOT_KEY = [PLUGIN_ID] as const;

/**
 * Options of every query: a failure is shown at once with its "Try again" button (no silent
 * retries: a 404 job or a refused period are answers, not glitches).
 */
export const QUERY_OPTIONS = { retry: false } as const;

/** Per-field messages keyed by the field's path (`localAiFlatPrices.8x`). */
export interface FieldErrors {
  [field: string]: string;
}

export interface ApiFailure {
  message: string;
  status?: number;
  fields: FieldErrors;
  /** The error's `details` (e.g. `reason`) as the server sent them. */
  details: Record<string, unknown>;
}

interface ErrorLike {
  message?: string;
  status?: number;
  response?: {
    data?: {
      error?: {
        status?: number;
        message?: string;
        details?: { errors?: Array<Partial<FieldError>>; [key: string]: unknown };
      };
    };
  };
}

/** `{ path, message }` entries → one message per field path (the first one of each). */
export function byPath(errors: ReadonlyArray<Partial<FieldError>>): FieldErrors {
  const fields: FieldErrors = {};
  for (const item of errors) {
    const key = (item.path ?? []).join('.');
    if (key && item.message && !fields[key]) fields[key] = item.message;
  }
  return fields;
}

/** Reads Strapi's error shape out of a `useFetchClient` failure: message, status and per-field messages. */
export function apiFailure(error: unknown): ApiFailure {
  const e = (error ?? {}) as ErrorLike;
  const body = e.response?.data?.error;
  return {
    message: body?.message ?? e.message ?? 'Request failed',
    status: body?.status ?? e.status,
    fields: byPath(body?.details?.errors ?? []),
    details: body?.details ?? {},
  };
}

/**
 * The last value that was not undefined: a query for new values that fails (or is not sent)
 * keeps the last answer on screen, marked out of date by the caller.
 */
export function useLastDefined<T>(value: T | undefined): T | undefined {
  const last = useRef(value);
  if (value !== undefined) last.current = value;
  return last.current;
}
