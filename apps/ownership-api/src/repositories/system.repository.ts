import type { System } from '../catalog/catalog-types';
import type { Queryable } from '../database/database';
import { nullable, optional, writeOutcome } from './row-values';

interface SystemRow {
  name: string;
  owner_team: string | null;
  criticality: string | null;
  description: string | null;
  source: string;
}

/** Reads and writes the `systems` table; services without a tier inherit their system's. */
export class SystemRepository {
  async upsert(db: Queryable, system: System) {
    const rows = await db.query<{ inserted: boolean }>(
      `INSERT INTO systems (name, owner_team, criticality, description, source)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (name) DO UPDATE SET
         owner_team = EXCLUDED.owner_team, criticality = EXCLUDED.criticality,
         description = EXCLUDED.description, source = EXCLUDED.source, observed_at = now()
       WHERE (systems.owner_team, systems.criticality, systems.description, systems.source)
         IS DISTINCT FROM (EXCLUDED.owner_team, EXCLUDED.criticality, EXCLUDED.description, EXCLUDED.source)
       RETURNING (xmax = 0) AS inserted`,
      [
        system.name,
        nullable(system.ownerTeam),
        nullable(system.criticality),
        nullable(system.description),
        system.source,
      ],
    );
    return writeOutcome(rows);
  }

  async findMany(db: Queryable, names: readonly string[]): Promise<System[]> {
    if (names.length === 0) return [];
    const rows = await db.query<SystemRow>('SELECT * FROM systems WHERE name = ANY($1::text[])', [
      names,
    ]);
    return rows.map((row) => ({
      name: row.name,
      ownerTeam: optional(row.owner_team),
      criticality: optional(row.criticality),
      description: optional(row.description),
      source: row.source,
    }));
  }
}
