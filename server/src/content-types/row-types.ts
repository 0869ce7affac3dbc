/**
 * Row types derived from a content-type schema written `as const`: what Strapi's query
 * engine returns for each attribute (`RowOf`) and what a write may set (`PatchOf`), so
 * a record's type follows its schema instead of a hand-written copy.
 */
interface Attribute {
  type: string;
  required?: boolean;
  default?: unknown;
  enum?: readonly string[];
}

interface Schema {
  attributes: Readonly<Record<string, Attribute>>;
}

/** What the database hands back for one attribute. */
type ReadValue<A> = A extends { type: 'enumeration'; enum: readonly (infer E)[] }
  ? E
  : A extends { type: 'integer' | 'float' | 'decimal' }
    ? number
    : A extends { type: 'biginteger' }
      ? number | string
      : A extends { type: 'boolean' }
        ? boolean
        : A extends { type: 'json' }
          ? unknown
          : string;

/** Dates and times are written as a Date or an ISO string. */
type WriteValue<A> = A extends { type: 'datetime' | 'date' | 'time' | 'timestamp' }
  ? Date | string
  : ReadValue<A>;

/** Required attributes and those with a default are never null in a stored row. */
type Nullable<A, V> = A extends { required: true }
  ? V
  : A extends { default: unknown }
    ? V
    : V | null;

/** Every row carries these (Strapi adds them to every collection type). */
interface SystemFields {
  id: number;
  documentId: string;
  createdAt: string;
  updatedAt: string;
}

export type RowOf<S extends Schema> = SystemFields & {
  -readonly [K in keyof S['attributes']]: Nullable<
    S['attributes'][K],
    ReadValue<S['attributes'][K]>
  >;
};

export type PatchOf<S extends Schema> = {
  -readonly [K in keyof S['attributes']]?: Nullable<
    S['attributes'][K],
    WriteValue<S['attributes'][K]>
  >;
} & { updatedAt?: Date | string };
