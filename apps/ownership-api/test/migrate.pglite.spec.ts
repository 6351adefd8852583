// Fast tier: the migration runner against PGlite.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, readMigrations } from '../src/database/migrate';
import { memoryLogger, openPgliteTestDatabase, type TestDatabase } from './support/test-database';

describe('migrate', () => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await openPgliteTestDatabase();
  }, 60_000);

  afterAll(() => test.dispose());

  it('records every migration once', async () => {
    const rows = await test.database.query<{ version: number; name: string }>(
      'SELECT version, name FROM schema_migrations ORDER BY version',
    );

    expect(rows.map((row) => row.version)).toEqual(
      readMigrations().map((migration) => migration.version),
    );
  });

  it('applies nothing the second time', async () => {
    expect(await migrate(test.database, memoryLogger().logger)).toEqual([]);
  });

  it('applies a new migration and rolls back a failing one', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'talaria-migrations-'));
    const existing = readMigrations();
    const fileName = (version: number, name: string) =>
      `${String(version).padStart(3, '0')}_${name}.sql`;
    for (const migration of existing) {
      writeFileSync(join(directory, fileName(migration.version, migration.name)), migration.sql);
    }
    const next = existing.length + 1;
    writeFileSync(
      join(directory, fileName(next, 'add_notes')),
      'ALTER TABLE services ADD COLUMN notes text;',
    );
    writeFileSync(
      join(directory, fileName(next + 1, 'broken')),
      'CREATE TABLE half_done (id int); SELECT no_such_function();',
    );

    await expect(migrate(test.database, memoryLogger().logger, directory)).rejects.toThrow(
      'no_such_function',
    );

    const versions = await test.database.query<{ version: number }>(
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    const halfDone = await test.database.query(
      "SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'",
    );
    expect(versions.map((row) => row.version)).toEqual(
      existing.map((migration) => migration.version),
    );
    expect(halfDone).toEqual([]);
  });
});

describe('readMigrations', () => {
  it('rejects files with other names', () => {
    const directory = mkdtempSync(join(tmpdir(), 'talaria-migrations-'));
    writeFileSync(join(directory, '001_first.sql'), 'SELECT 1;');
    writeFileSync(join(directory, 'notes.txt'), '');

    expect(() => readMigrations(directory)).toThrow(
      `migration file notes.txt in ${directory} is not named NNN_name.sql`,
    );
  });

  it('rejects gaps in the versions', () => {
    const directory = mkdtempSync(join(tmpdir(), 'talaria-migrations-'));
    writeFileSync(join(directory, '001_first.sql'), 'SELECT 1;');
    writeFileSync(join(directory, '003_third.sql'), 'SELECT 1;');

    expect(() => readMigrations(directory)).toThrow(
      'migration versions must run 1, 2, 3 without gaps; found 3 at position 2',
    );
  });
});
