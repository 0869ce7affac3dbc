import path from 'path';

// The playground's compiled config lives in dist/config: the app root is two levels up.
const appRoot = path.resolve(__dirname, '..', '..');

export default ({ env }) => {
  const client = env('DATABASE_CLIENT', 'sqlite');

  const connections = {
    sqlite: {
      connection: {
        filename: path.resolve(appRoot, env('DATABASE_FILENAME', '.tmp/data.db')),
      },
      useNullAsDefault: true,
      // WAL with synchronous=NORMAL: concurrent readers during writes and one fsync
      // per checkpoint instead of several per write (SQLite's own recommendation).
      pool: {
        afterCreate: (
          connection: { pragma: (sql: string) => unknown },
          done: (error: Error | null, connection: unknown) => void,
        ) => {
          try {
            connection.pragma('journal_mode = WAL');
            connection.pragma('synchronous = NORMAL');
            connection.pragma('busy_timeout = 5000');
            done(null, connection);
          } catch (error) {
            done(error as Error, connection);
          }
        },
      },
    },
    postgres: {
      connection: {
        host: env('DATABASE_HOST', '127.0.0.1'),
        port: env.int('DATABASE_PORT', 5432),
        database: env('DATABASE_NAME', 'strapi'),
        user: env('DATABASE_USERNAME', 'postgres'),
        password: env('DATABASE_PASSWORD', ''),
        ssl: env.bool('DATABASE_SSL', false),
        schema: env('DATABASE_SCHEMA', 'public'),
      },
      pool: { min: env.int('DATABASE_POOL_MIN', 0), max: env.int('DATABASE_POOL_MAX', 10) },
    },
    mysql: {
      connection: {
        host: env('DATABASE_HOST', '127.0.0.1'),
        port: env.int('DATABASE_PORT', 3306),
        database: env('DATABASE_NAME', 'strapi'),
        user: env('DATABASE_USERNAME', 'root'),
        password: env('DATABASE_PASSWORD', ''),
        ssl: env.bool('DATABASE_SSL', false),
      },
      pool: { min: env.int('DATABASE_POOL_MIN', 0), max: env.int('DATABASE_POOL_MAX', 10) },
    },
  };

  if (!(client in connections)) {
    throw new Error(`DATABASE_CLIENT must be sqlite, postgres or mysql (got "${client}")`);
  }

  return {
    connection: {
      client,
      ...connections[client],
      acquireConnectionTimeout: env.int('DATABASE_CONNECTION_TIMEOUT', 60000),
    },
  };
};
