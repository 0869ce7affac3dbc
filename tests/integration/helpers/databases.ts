import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';

export type DatabaseClient = 'sqlite' | 'postgres' | 'mysql';

/** What a booted playground and the test's own connection need to reach one database. */
export interface TestDatabase {
  client: DatabaseClient;
  /** DATABASE_* variables for the playground. */
  env: Record<string, string>;
  /** A knex connection of the test's own, for assertions on the stored rows. */
  connect(): Knex;
  drop(): Promise<void>;
}

export const TMP_ROOT = path.resolve(__dirname, '..', '..', '..', '.tmp');

/** The database the suites run on: DATABASE_CLIENT of the test process (default sqlite). */
export function selectedClient(): DatabaseClient {
  const client = (process.env.DATABASE_CLIENT ?? 'sqlite').toLowerCase();
  if (client === 'sqlite' || client === 'postgres' || client === 'mysql') return client;
  if (client === 'mariadb') return 'mysql';
  throw new Error(`Unsupported DATABASE_CLIENT "${client}" (sqlite, postgres or mysql)`);
}

function serverSettings(client: 'postgres' | 'mysql') {
  return {
    host: process.env.DATABASE_HOST ?? '127.0.0.1',
    port: Number(process.env.DATABASE_PORT ?? (client === 'postgres' ? 5432 : 3306)),
    user: process.env.DATABASE_USERNAME ?? (client === 'postgres' ? 'postgres' : 'root'),
    password: process.env.DATABASE_PASSWORD ?? '',
  };
}

/** A fresh, empty database of its own for one suite (SQLite file, PostgreSQL or MariaDB database). */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const client = selectedClient();
  const name = `smi_${label
    .replace(/[^a-z0-9]/gi, '_')
    .toLowerCase()
    .slice(0, 30)}_${randomBytes(4).toString('hex')}`;

  if (client === 'sqlite') {
    const dir = path.join(TMP_ROOT, 'db');
    mkdirSync(dir, { recursive: true });
    const filename = path.join(dir, `${name}.db`);
    return {
      client,
      env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: filename },
      connect: () =>
        knexFactory({ client: 'better-sqlite3', connection: { filename }, useNullAsDefault: true }),
      async drop() {
        for (const suffix of ['', '-wal', '-shm', '-journal'])
          rmSync(filename + suffix, { force: true });
      },
    };
  }

  const settings = serverSettings(client);
  const knexClient = client === 'postgres' ? 'pg' : 'mysql2';
  const admin = knexFactory({
    client: knexClient,
    connection: { ...settings, database: client === 'postgres' ? 'postgres' : undefined },
    pool: { min: 0, max: 1 },
  });
  try {
    if (client === 'postgres') await admin.raw(`CREATE DATABASE "${name}"`);
    else
      await admin.raw(
        `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
      );
  } finally {
    await admin.destroy();
  }

  return {
    client,
    env: {
      DATABASE_CLIENT: client,
      DATABASE_HOST: settings.host,
      DATABASE_PORT: String(settings.port),
      DATABASE_USERNAME: settings.user,
      DATABASE_PASSWORD: settings.password,
      DATABASE_NAME: name,
    },
    connect: () =>
      knexFactory({
        client: knexClient,
        connection: { ...settings, database: name },
        pool: { min: 0, max: 2 },
      }),
    async drop() {
      const dropper = knexFactory({
        client: knexClient,
        connection: { ...settings, database: client === 'postgres' ? 'postgres' : undefined },
        pool: { min: 0, max: 1 },
      });
      try {
        if (client === 'postgres')
          await dropper.raw(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        else await dropper.raw(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await dropper.destroy();
      }
    },
  };
}
