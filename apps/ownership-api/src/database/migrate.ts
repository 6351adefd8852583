import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@talaria/telemetry';
import type { Database } from './database';

/** Migration files sit beside src/ and dist/, so both the sources and the build find them. */
export const MIGRATIONS_DIRECTORY = join(__dirname, '..', '..', 'migrations');

const MIGRATION_FILE = /^(\d{3})_([a-z0-9_]+)\.sql$/;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Reads `NNN_name.sql` files in version order; other files in the folder are an error. */
export function readMigrations(directory = MIGRATIONS_DIRECTORY): Migration[] {
  const migrations = readdirSync(directory)
    .sort()
    .map((file) => {
      const match = MIGRATION_FILE.exec(file);
      if (match === null) {
        throw new Error(
          `migration file ${file} in ${directory} is not named NNN_name.sql; rename or remove it`,
        );
      }
      return {
        version: Number(match[1]),
        name: match[2],
        sql: readFileSync(join(directory, file), 'utf8'),
      };
    });

  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `migration versions must run 1, 2, 3 without gaps; found ${migration.version} at position ${index + 1}`,
      );
    }
  });
  return migrations;
}

/**
 * Applies the migrations not yet recorded in `schema_migrations`, all in one
 * transaction. An advisory lock keyed on the schema makes a second replica
 * that starts at the same time wait, and then find nothing left to apply.
 */
export async function migrate(
  database: Database,
  logger: Logger,
  directory = MIGRATIONS_DIRECTORY,
): Promise<number[]> {
  const migrations = readMigrations(directory);

  const applied = await database.transaction(async (tx) => {
    await tx.query(
      `SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':talaria-ownership-migrations'))`,
    );
    await tx.exec(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY,
         name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );

    const done = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const doneVersions = new Set(done.map((row) => row.version));
    const newlyApplied: number[] = [];

    for (const migration of migrations) {
      if (doneVersions.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      newlyApplied.push(migration.version);
    }
    return newlyApplied;
  });

  if (applied.length > 0)
    logger.info({ versions: applied, database: database.kind }, 'database migrations applied');
  return applied;
}
