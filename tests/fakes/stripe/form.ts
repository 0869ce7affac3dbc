/**
 * Reading request bodies and Stripe's `application/x-www-form-urlencoded` bracket
 * notation (`line_items[0][price_data][currency]=usd`), as sent by the official SDK.
 */
import type { IncomingMessage } from 'node:http';
import qs from 'qs';

/** A parsed form value: strings, nested objects and arrays, as qs produces them. */
export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue | undefined;
}

const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > limit) throw new BodyTooLargeError(`request body larger than ${limit} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses Stripe bracket notation. Arrays may be indexed (`a[0]`) or bracketed (`a[]`). */
export function parseForm(raw: string): FormObject {
  if (!raw) return {};
  return qs.parse(raw, {
    depth: 10,
    arrayLimit: 250,
    parameterLimit: 5000,
    allowPrototypes: false,
    plainObjects: true,
  }) as FormObject;
}

export function isFormObject(value: FormValue | undefined): value is FormObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Canonical JSON of parsed parameters (object keys sorted), used to decide whether a
 * request reusing an idempotency key carries the same parameters.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map(
        (key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`,
      );
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
