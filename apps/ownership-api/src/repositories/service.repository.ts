import type { Service } from '../catalog/catalog-types';
import type { Queryable } from '../database/database';
import { nullable, optional, writeOutcome, type Page, type PageRequest } from './row-values';

interface ServiceRow {
  name: string;
  owner_team: string | null;
  system: string | null;
  criticality: string | null;
  lifecycle: string | null;
  repository: string | null;
  language: string | null;
  libraries: string[];
  dependencies: string[];
  slack_channel: string | null;
  description: string | null;
  source: string;
  observed_at: Date;
}

export interface ServiceFilter {
  ownerTeam?: string;
  criticality?: string;
  language?: string;
  system?: string;
  /** Substring of the name, case-insensitive. */
  search?: string;
}

export type StoredService = Service & { observedAt: string };

const COLUMNS = [
  'owner_team',
  'system',
  'criticality',
  'lifecycle',
  'repository',
  'language',
  'libraries',
  'dependencies',
  'slack_channel',
  'description',
  'source',
];

/** Reads and writes the `services` table. */
export class ServiceRepository {
  async upsert(db: Queryable, service: Service) {
    const stored = COLUMNS.map((column) => `services.${column}`).join(', ');
    const incoming = COLUMNS.map((column) => `EXCLUDED.${column}`).join(', ');
    const rows = await db.query<{ inserted: boolean }>(
      `INSERT INTO services (name, ${COLUMNS.join(', ')})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11, $12)
       ON CONFLICT (name) DO UPDATE SET
         ${COLUMNS.map((column) => `${column} = EXCLUDED.${column}`).join(', ')}, observed_at = now()
       WHERE (${stored}) IS DISTINCT FROM (${incoming})
       RETURNING (xmax = 0) AS inserted`,
      [
        service.name,
        nullable(service.ownerTeam),
        nullable(service.system),
        nullable(service.criticality),
        nullable(service.lifecycle),
        nullable(service.repository),
        nullable(service.language),
        JSON.stringify(service.libraries),
        JSON.stringify(service.dependencies),
        nullable(service.slackChannel),
        nullable(service.description),
        service.source,
      ],
    );
    return writeOutcome(rows);
  }

  async find(db: Queryable, name: string): Promise<StoredService | undefined> {
    const rows = await db.query<ServiceRow>('SELECT * FROM services WHERE name = $1', [name]);
    return rows.length === 0 ? undefined : toService(rows[0]);
  }

  async findMany(db: Queryable, names: readonly string[]): Promise<StoredService[]> {
    if (names.length === 0) return [];
    const rows = await db.query<ServiceRow>('SELECT * FROM services WHERE name = ANY($1::text[])', [
      names,
    ]);
    return rows.map(toService);
  }

  async existing(db: Queryable, names: readonly string[]): Promise<Set<string>> {
    if (names.length === 0) return new Set();
    const rows = await db.query<{ name: string }>(
      'SELECT name FROM services WHERE name = ANY($1::text[])',
      [names],
    );
    return new Set(rows.map((row) => row.name));
  }

  async list(
    db: Queryable,
    filter: ServiceFilter,
    page: PageRequest,
  ): Promise<Page<StoredService>> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const equal = (column: string, value: string | undefined) => {
      if (value === undefined) return;
      params.push(value);
      conditions.push(`${column} = $${params.length}`);
    };
    equal('owner_team', filter.ownerTeam);
    equal('criticality', filter.criticality);
    equal('language', filter.language);
    equal('system', filter.system);
    if (filter.search !== undefined) {
      params.push(`%${filter.search}%`);
      conditions.push(`name ILIKE $${params.length}`);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';

    const [{ total }] = await db.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM services ${where}`,
      params,
    );
    const rows = await db.query<ServiceRow>(
      `SELECT * FROM services ${where} ORDER BY name LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.offset],
    );
    return { items: rows.map(toService), total, ...page };
  }

  async delete(db: Queryable, name: string): Promise<boolean> {
    const rows = await db.query('DELETE FROM services WHERE name = $1 RETURNING name', [name]);
    return rows.length > 0;
  }
}

function toService(row: ServiceRow): StoredService {
  return {
    name: row.name,
    ownerTeam: optional(row.owner_team),
    system: optional(row.system),
    criticality: optional(row.criticality),
    lifecycle: optional(row.lifecycle),
    repository: optional(row.repository),
    language: optional(row.language),
    libraries: row.libraries,
    dependencies: row.dependencies,
    slackChannel: optional(row.slack_channel),
    description: optional(row.description),
    source: row.source,
    observedAt: row.observed_at.toISOString(),
  };
}
