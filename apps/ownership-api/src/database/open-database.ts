import type { Database } from './database';
import { PgliteDatabase } from './pglite-database';
import { PostgresDatabase, quoteIdentifier } from './postgres-database';

export interface OpenDatabaseOptions {
  /** PostgreSQL connection string; PGlite is used when absent. */
  url?: string;
  /** PGlite data folder; in memory when absent. Ignored with `url`. */
  dataDirectory?: string;
  /** Schema to create if missing and use for every statement; `public` when absent. */
  schema?: string;
}

const PLAIN_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Opens PostgreSQL when a URL is given and PGlite otherwise, with the schema created and selected. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.schema !== undefined && !PLAIN_IDENTIFIER.test(options.schema)) {
    throw new RangeError(
      `schema ${JSON.stringify(options.schema)} is not a plain identifier; use lower-case letters, digits and underscores`,
    );
  }

  if (options.url === undefined) {
    return PgliteDatabase.open({ dataDirectory: options.dataDirectory, schema: options.schema });
  }

  const database = new PostgresDatabase({ url: options.url, schema: options.schema });
  if (options.schema !== undefined) {
    await database.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(options.schema)}`);
  }
  return database;
}
