import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

/**
 * Creates a table the plugin keeps outside Strapi's content types (docs/architecture.md
 * "Several instances": the shared rate limits and the cache stamps) when it is missing.
 * Strapi's schema sync leaves tables it did not create alone. Instances booting together
 * may race: a failed creation is fine when the table exists afterwards.
 */
export async function ensureOwnTable(
  strapi: Core.Strapi,
  name: string,
  build: (table: Knex.CreateTableBuilder) => void,
): Promise<void> {
  const schema = () => strapi.db.getSchemaConnection();
  if (await schema().hasTable(name)) return;
  try {
    await schema().createTable(name, build);
  } catch (error) {
    if (!(await schema().hasTable(name))) throw error;
  }
}
