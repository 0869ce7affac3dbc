/**
 * Which upload files a published entry uses: in sale mode `all` only those are for sale,
 * besides the files switched on (docs/architecture.md "Security model"), so a draft's
 * pictures or a file attached to nothing are not.
 *
 * Strapi 5 links media to entries in the upload file's morph join table
 * (`files_related_mph`: file id, related id, related type, field). The related type is
 * a content type uid or, for media inside a component, the component's uid; a component
 * row reaches its entry through its owner's component join table (`<table>_cmps`:
 * entity id, component id, component type, field), maybe through other components
 * first (a dynamic zone uses the same table). With draft & publish an entry has a draft
 * row and a published row (`published_at` set), each with its own links and components;
 * a content type without it counts as published. Only `api::` content types count: the
 * admin's users, Users & Permissions users or plugins' own records publish nothing.
 *
 * Table and column names are read from Strapi's database metadata (it may shorten
 * them). One query per lookup, EXISTS chains built from the schema once, the same on
 * SQLite, PostgreSQL and MySQL/MariaDB.
 */
import type { Core, UID } from '@strapi/strapi';
import { FILE_UID } from './files';

/** Components may nest components; Strapi caps nesting well below this. */
const MAX_DEPTH = 6;

interface SchemaAttribute {
  type: string;
  component?: string;
  components?: string[];
}
interface Schema {
  attributes: Record<string, SchemaAttribute>;
  options?: { draftAndPublish?: boolean };
}

/** A place a component's rows are used: a component attribute or dynamic zone of `owner`. */
interface ComponentUse {
  owner: string;
  table: string;
  entityColumn: string;
  componentColumn: string;
  typeColumn: string;
  fieldColumn: string;
  field: string;
}

interface UseGraph {
  morph: { table: string; fileColumn: string; idColumn: string; typeColumn: string };
  /** `api::` content types: their table, and the published_at column with draft & publish. */
  entries: Map<string, { table: string; publishedColumn: string | null }>;
  /** Component uid → where it is used. */
  uses: Map<string, ComponentUse[]>;
}

interface Sql {
  sql: string;
  bindings: string[];
}

function joinTableOf(strapi: Core.Strapi, uid: string, name: string) {
  const attribute = strapi.db.metadata.get(uid).attributes[name];
  const joinTable = attribute && 'joinTable' in attribute ? attribute.joinTable : undefined;
  if (!joinTable) throw new Error(`[sell-my-images] ${uid}.${name} has no join table`);
  return joinTable;
}

/** The component join table of `owner`'s attribute `name` (component or dynamic zone). */
function componentUse(strapi: Core.Strapi, owner: string, name: string): ComponentUse {
  const joinTable = joinTableOf(strapi, owner, name);
  const componentColumn =
    'morphColumn' in joinTable
      ? joinTable.morphColumn.idColumn.name
      : joinTable.inverseJoinColumn.name;
  const fieldColumn =
    Object.entries(joinTable.on ?? {}).find(([, value]) => value === name)?.[0] ?? 'field';
  const known = [joinTable.joinColumn.name, componentColumn, fieldColumn];
  const typeColumn =
    'morphColumn' in joinTable
      ? joinTable.morphColumn.typeColumn.name
      : (joinTable.pivotColumns.find((column) => !known.includes(column)) ?? 'component_type');
  return {
    owner,
    table: joinTable.name,
    entityColumn: joinTable.joinColumn.name,
    componentColumn,
    typeColumn,
    fieldColumn,
    field: name,
  };
}

function readGraph(strapi: Core.Strapi): UseGraph {
  const related = joinTableOf(strapi, FILE_UID, 'related');
  if (!('morphColumn' in related)) throw new Error('[sell-my-images] unexpected upload schema');
  const graph: UseGraph = {
    morph: {
      table: related.name,
      fileColumn: related.joinColumn.name,
      idColumn: related.morphColumn.idColumn.name,
      typeColumn: related.morphColumn.typeColumn.name,
    },
    entries: new Map(),
    uses: new Map(),
  };
  const owners: Array<[string, Schema]> = [
    ...Object.keys(strapi.contentTypes)
      .filter((uid) => uid.startsWith('api::'))
      .map((uid): [string, Schema] => [uid, strapi.contentTypes[uid as UID.ContentType] as Schema]),
    ...Object.keys(strapi.components).map((uid): [string, Schema] => [
      uid,
      strapi.components[uid as UID.Component] as Schema,
    ]),
  ];
  for (const [uid, schema] of owners) {
    if (uid.startsWith('api::')) {
      const meta = strapi.db.metadata.get(uid);
      const column = meta.attributes.publishedAt;
      const published =
        column && 'columnName' in column && typeof column.columnName === 'string'
          ? column.columnName
          : 'published_at';
      graph.entries.set(uid, {
        table: meta.tableName,
        publishedColumn: schema.options?.draftAndPublish ? published : null,
      });
    }
    for (const [name, attribute] of Object.entries(schema.attributes)) {
      const targets =
        attribute.type === 'component'
          ? [attribute.component]
          : attribute.type === 'dynamiczone'
            ? (attribute.components ?? [])
            : [];
      for (const target of targets) {
        if (!target) continue;
        const list = graph.uses.get(target) ?? [];
        list.push(componentUse(strapi, uid, name));
        graph.uses.set(target, list);
      }
    }
  }
  return graph;
}

/** SQL that is true when row `ref` (a quoted column) of `uid` is in a published `api::` entry. */
function inPublished(
  graph: UseGraph,
  uid: string,
  ref: string,
  depth: number,
  next: () => string,
): Sql | null {
  const entry = graph.entries.get(uid);
  if (entry) {
    const e = next();
    const published = entry.publishedColumn ? ` AND ??.?? IS NOT NULL` : '';
    return {
      sql: `EXISTS (SELECT 1 FROM ?? AS ?? WHERE ??.?? = ??${published})`,
      bindings: [
        entry.table,
        e,
        e,
        'id',
        ref,
        ...(entry.publishedColumn ? [e, entry.publishedColumn] : []),
      ],
    };
  }
  if (depth >= MAX_DEPTH) return null;
  const parts: Sql[] = [];
  for (const use of graph.uses.get(uid) ?? []) {
    const j = next();
    const parent = inPublished(graph, use.owner, `${j}.${use.entityColumn}`, depth + 1, next);
    if (!parent) continue;
    parts.push({
      sql: `EXISTS (SELECT 1 FROM ?? AS ?? WHERE ??.?? = ?? AND ??.?? = ? AND ??.?? = ? AND ${parent.sql})`,
      bindings: [
        use.table,
        j,
        j,
        use.componentColumn,
        ref,
        j,
        use.typeColumn,
        uid,
        j,
        use.fieldColumn,
        use.field,
        ...parent.bindings,
      ],
    });
  }
  if (parts.length === 0) return null;
  return {
    sql: `(${parts.map((part) => part.sql).join(' OR ')})`,
    bindings: parts.flatMap((part) => part.bindings),
  };
}

/** The whole lookup (without the file ids): one clause per content type or component holding media. */
function usedClause(graph: UseGraph): Sql | null {
  let counter = 0;
  const next = () => `u${++counter}`;
  const ref = `m.${graph.morph.idColumn}`;
  const parts: Sql[] = [];
  for (const uid of new Set([...graph.entries.keys(), ...graph.uses.keys()])) {
    const published = inPublished(graph, uid, ref, 0, next);
    if (!published) continue;
    parts.push({
      sql: `(??.?? = ? AND ${published.sql})`,
      bindings: ['m', graph.morph.typeColumn, uid, ...published.bindings],
    });
  }
  if (parts.length === 0) return null;
  return {
    sql: parts.map((part) => part.sql).join(' OR '),
    bindings: parts.flatMap((part) => part.bindings),
  };
}

export function createPublishedUse(strapi: Core.Strapi) {
  // The schema is fixed for the life of the process: the query shape is built once.
  let built: { graph: UseGraph; clause: Sql | null } | null = null;
  const prepared = () => {
    if (!built) {
      const graph = readGraph(strapi);
      built = { graph, clause: usedClause(graph) };
    }
    return built;
  };

  return {
    /** The ids among `fileIds` that at least one published `api::` entry uses (one query). */
    async usedByPublished(fileIds: readonly number[]): Promise<Set<number>> {
      const ids = [...new Set(fileIds)];
      const { graph, clause } = prepared();
      if (ids.length === 0 || !clause) return new Set();
      const { table, fileColumn } = graph.morph;
      const rows: Array<Record<string, unknown>> = await strapi.db.connection
        .select(strapi.db.connection.raw('DISTINCT ?? AS file_id', [`m.${fileColumn}`]))
        .from({ m: table })
        .whereIn(`m.${fileColumn}`, ids)
        .andWhereRaw(`(${clause.sql})`, clause.bindings);
      return new Set(rows.map((row) => Number(row.file_id)));
    },
  };
}

export type PublishedUse = ReturnType<typeof createPublishedUse>;
