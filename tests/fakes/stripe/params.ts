/**
 * Typed access to parsed form parameters with Stripe's validation errors, naming each
 * parameter the way Stripe does in `param` (e.g. `line_items[0][price_data][currency]`).
 */
import { invalidParam, missingParam, unknownParam } from './errors';
import { isFormObject, type FormObject, type FormValue } from './form';
import type { Metadata } from './types';

const METADATA_MAX_KEYS = 50;
const METADATA_MAX_KEY_LENGTH = 40;
const METADATA_MAX_VALUE_LENGTH = 500;

interface StringOptions {
  maxLength?: number;
}

interface IntegerOptions {
  min?: number;
}

export class ParamReader {
  constructor(
    private readonly values: FormObject,
    private readonly prefix = '',
  ) {}

  /** Stripe's name for a parameter under this reader, e.g. `price_data[currency]`. */
  name(key: string): string {
    return this.prefix ? `${this.prefix}[${key}]` : key;
  }

  has(key: string): boolean {
    return this.values[key] !== undefined;
  }

  /** Rejects parameters Stripe does not know (catches typos in the client). */
  allowOnly(known: readonly string[]): this {
    for (const key of Object.keys(this.values)) {
      if (!known.includes(key)) throw unknownParam(this.name(key));
    }
    return this;
  }

  string(key: string, options: StringOptions = {}): string | undefined {
    const value = this.values[key];
    if (value === undefined) return undefined;
    const name = this.name(key);
    if (typeof value !== 'string')
      throw invalidParam(name, `Invalid string: ${describe(value)}`, 'parameter_invalid_string');
    if (value === '') throw emptyValue(name);
    if (options.maxLength !== undefined && value.length > options.maxLength) {
      throw invalidParam(
        name,
        `Invalid string: ${value.slice(0, 20)}...; must be at most ${options.maxLength} characters`,
        'parameter_invalid_string',
      );
    }
    return value;
  }

  requiredString(key: string, options: StringOptions = {}): string {
    const value = this.string(key, options);
    if (value === undefined) throw missingParam(this.name(key));
    return value;
  }

  enumValue<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) {
      throw invalidParam(
        this.name(key),
        `Invalid ${this.name(key)}: must be one of ${formatList(allowed)}`,
      );
    }
    return value as T;
  }

  /** `true` / `false`, as the SDK encodes booleans. */
  boolean(key: string): boolean | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if (value === 'true' || value === 'false') return value === 'true';
    throw invalidParam(this.name(key), `Invalid boolean: ${value}`, 'parameter_invalid_boolean');
  }

  requiredBoolean(key: string): boolean {
    const value = this.boolean(key);
    if (value === undefined) throw missingParam(this.name(key));
    return value;
  }

  integer(key: string, options: IntegerOptions = {}): number | undefined {
    const raw = this.string(key);
    if (raw === undefined) return undefined;
    const name = this.name(key);
    if (!/^-?\d+$/.test(raw))
      throw invalidParam(name, `Invalid integer: ${raw}`, 'parameter_invalid_integer');
    const value = Number(raw);
    if (!Number.isSafeInteger(value))
      throw invalidParam(name, `Invalid integer: ${raw}`, 'parameter_invalid_integer');
    if (options.min !== undefined && value < options.min) {
      const kind =
        options.min === 0
          ? 'non-negative'
          : options.min === 1
            ? 'positive'
            : `at least ${options.min}`;
      throw invalidParam(name, `Invalid ${kind} integer`, 'parameter_invalid_integer');
    }
    return value;
  }

  requiredInteger(key: string, options: IntegerOptions = {}): number {
    const value = this.integer(key, options);
    if (value === undefined) throw missingParam(this.name(key));
    return value;
  }

  object(key: string): ParamReader | undefined {
    const value = this.values[key];
    if (value === undefined) return undefined;
    if (!isFormObject(value))
      throw invalidParam(this.name(key), `Invalid object`, 'parameter_invalid');
    return new ParamReader(value, this.name(key));
  }

  requiredObject(key: string): ParamReader {
    const reader = this.object(key);
    if (!reader) throw missingParam(this.name(key));
    return reader;
  }

  /** An array of hashes, given as `key[0][…]` (indexed) or, past qs's array limit, an object with numeric keys. */
  objectArray(key: string): ParamReader[] | undefined {
    const value = this.values[key];
    if (value === undefined) return undefined;
    const name = this.name(key);
    let items: FormValue[];
    if (Array.isArray(value)) items = value;
    else if (isFormObject(value) && Object.keys(value).every((k) => /^\d+$/.test(k))) {
      items = Object.keys(value)
        .sort((a, b) => Number(a) - Number(b))
        .map((k) => value[k] as FormValue);
    } else throw invalidParam(name, `Invalid array`, 'parameter_invalid');
    return items.map((item, index) => {
      if (!isFormObject(item))
        throw invalidParam(`${name}[${index}]`, `Invalid object`, 'parameter_invalid');
      return new ParamReader(item, `${name}[${index}]`);
    });
  }

  /** A list of strings, given as `key[0]=a&key[1]=b` (or `key[]=a`). */
  stringArray(key: string): string[] | undefined {
    const value = this.values[key];
    if (value === undefined) return undefined;
    const name = this.name(key);
    const list = Array.isArray(value)
      ? value
      : isFormObject(value)
        ? Object.values(value)
        : undefined;
    if (!list) throw invalidParam(name, 'Invalid array', 'parameter_invalid');
    return list.map((item, index) => {
      if (typeof item !== 'string' || item === '')
        throw invalidParam(`${name}[${index}]`, 'Invalid string', 'parameter_invalid_string');
      return item;
    });
  }

  /** `metadata[key]=value` pairs; an empty string (`metadata=`) means none. */
  metadata(key: string): Metadata | undefined {
    const value = this.values[key];
    if (value === undefined) return undefined;
    const name = this.name(key);
    if (value === '') return {};
    if (!isFormObject(value)) throw invalidParam(name, `Invalid object`, 'parameter_invalid');
    const entries = Object.entries(value);
    if (entries.length > METADATA_MAX_KEYS) {
      throw invalidParam(
        name,
        `Invalid metadata: metadata cannot have more than ${METADATA_MAX_KEYS} keys`,
      );
    }
    const metadata: Metadata = {};
    for (const [metaKey, metaValue] of entries) {
      const metaName = `${name}[${metaKey}]`;
      if (metaKey.length > METADATA_MAX_KEY_LENGTH) {
        throw invalidParam(
          metaName,
          `Invalid metadata: keys must be at most ${METADATA_MAX_KEY_LENGTH} characters`,
        );
      }
      if (typeof metaValue !== 'string') {
        throw invalidParam(
          metaName,
          `Invalid value for ${metaName}: metadata values must be strings`,
        );
      }
      if (metaValue.length > METADATA_MAX_VALUE_LENGTH) {
        throw invalidParam(
          metaName,
          `Invalid metadata: values must be at most ${METADATA_MAX_VALUE_LENGTH} characters`,
        );
      }
      if (metaValue !== '') metadata[metaKey] = metaValue;
    }
    return metadata;
  }

  /** `expand[]=a&expand[]=b` (or `expand[0]=a`). */
  expand(): string[] {
    return this.stringArray('expand') ?? [];
  }
}

function emptyValue(name: string) {
  return invalidParam(
    name,
    `You passed an empty string for '${name}'. We assume empty values are an attempt to unset a parameter; however '${name}' cannot be unset. You should remove '${name}' from your request or supply a non-empty value.`,
    'parameter_invalid_empty',
  );
}

function describe(value: FormValue): string {
  return Array.isArray(value)
    ? 'array'
    : typeof value === 'object'
      ? 'object'
      : JSON.stringify(value);
}

function formatList(values: readonly string[]): string {
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')}, or ${values[values.length - 1]}`;
}
