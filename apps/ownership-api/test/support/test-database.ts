import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '@talaria/telemetry';
import type { Database } from '../../src/database/database';
import { migrate } from '../../src/database/migrate';
import { openDatabase } from '../../src/database/open-database';
import { PostgresDatabase, quoteIdentifier } from '../../src/database/postgres-database';

export interface TestDatabase {
  database: Database;
  /** Schema this run created; dropped by `dispose`. */
  schema: string;
  dispose(): Promise<void>;
}

/** A logger whose lines are kept in memory, so tests can read them and the output stays clean. */
export function memoryLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger({ level: 'info', destination: sink }), lines };
}

/** Unique per test file and run, so parallel runs against one server never share tables. */
export function uniqueSchemaName(): string {
  return `talaria_test_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/**
 * Fast tier: an in-memory PGlite with the migrations applied.
 */
export async function openPgliteTestDatabase(): Promise<TestDatabase> {
  const schema = uniqueSchemaName();
  const database = await openDatabase({ schema });
  await migrate(database, memoryLogger().logger);
  return { database, schema, dispose: () => database.close() };
}

/**
 * Integration tier: real PostgreSQL when DATABASE_URL is set (CI sets it), in a
 * schema of its own that is dropped afterwards; PGlite when it is not set.
 */
export async function openIntegrationTestDatabase(): Promise<TestDatabase> {
  const url = process.env.DATABASE_URL;
  if (url === undefined || url === '') return openPgliteTestDatabase();

  const schema = uniqueSchemaName();
  const database = await openDatabase({ url, schema });
  await migrate(database, memoryLogger().logger);
  return {
    database,
    schema,
    async dispose() {
      await database.close();
      const admin = new PostgresDatabase({ url });
      await admin.exec(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
      await admin.close();
    },
  };
}

/** Which server the integration tier runs against, for test names. */
export const INTEGRATION_TARGET = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
