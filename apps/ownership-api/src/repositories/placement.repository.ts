import type { Placement } from '../catalog/catalog-types';
import type { Queryable } from '../database/database';
import { placementKey } from './placement-key';
import { nullable, optional, writeOutcome, type Page, type PageRequest } from './row-values';

interface PlacementRow {
  id: number;
  service_name: string;
  cluster: string | null;
  namespace: string | null;
  workload_kind: string | null;
  workload_name: string | null;
  label_selector: Record<string, string> | null;
  image: string | null;
  source: string;
  observed_at: Date;
}

export type StoredPlacement = Placement & { id: number; observedAt: string };

export interface PlacementFilter {
  serviceName?: string;
  cluster?: string;
  namespace?: string;
  workloadName?: string;
}

export interface PlacementChanges {
  added: Placement[];
  removed: Placement[];
}

const SELECT = `SELECT id::float8 AS id, service_name, cluster, namespace, workload_kind, workload_name,
  label_selector, image, source, observed_at FROM placements`;

/** Reads and writes the `placements` table. */
export class PlacementRepository {
  /**
   * Makes the placements of `serviceName` whose source starts with
   * `sourcePrefix` exactly `desired`, so re-importing a catalog file removes
   * what the file no longer states and leaves deploy events alone.
   */
  async replaceForSource(
    db: Queryable,
    serviceName: string,
    sourcePrefix: string,
    desired: Placement[],
  ): Promise<PlacementChanges> {
    const existing = await db.query<PlacementRow>(
      `${SELECT} WHERE service_name = $1 AND starts_with(source, $2)`,
      [serviceName, sourcePrefix],
    );
    const desiredKeys = new Set(desired.map(placementKey));
    const stale = existing.filter((row) => !desiredKeys.has(placementKey(toPlacement(row))));
    if (stale.length > 0) {
      await db.query('DELETE FROM placements WHERE id = ANY($1::bigint[])', [
        stale.map((row) => row.id),
      ]);
    }

    const added: Placement[] = [];
    for (const placement of desired) {
      if ((await this.upsert(db, placement)) === 'created') added.push(placement);
    }
    return { added, removed: stale.map(toPlacement) };
  }

  /** Creates or refreshes one placement; the key is service, cluster, namespace, workload and selector. */
  async upsert(db: Queryable, placement: Placement) {
    const rows = await db.query<{ inserted: boolean }>(
      `INSERT INTO placements
         (service_name, placement_key, cluster, namespace, workload_kind, workload_name, label_selector, image, source)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9)
       ON CONFLICT (service_name, placement_key) DO UPDATE SET
         workload_kind = COALESCE(EXCLUDED.workload_kind, placements.workload_kind),
         image = COALESCE(EXCLUDED.image, placements.image),
         source = EXCLUDED.source, observed_at = now()
       RETURNING (xmax = 0) AS inserted`,
      [
        placement.serviceName,
        placementKey(placement),
        nullable(placement.cluster),
        nullable(placement.namespace),
        nullable(placement.workloadKind),
        nullable(placement.workloadName),
        placement.labelSelector ? JSON.stringify(placement.labelSelector) : null,
        nullable(placement.image),
        placement.source,
      ],
    );
    return writeOutcome(rows);
  }

  async find(db: Queryable, id: number): Promise<StoredPlacement | undefined> {
    const rows = await db.query<PlacementRow>(`${SELECT} WHERE id = $1`, [id]);
    return rows.length === 0 ? undefined : toStored(rows[0]);
  }

  async findByKey(db: Queryable, placement: Placement): Promise<StoredPlacement | undefined> {
    const rows = await db.query<PlacementRow>(
      `${SELECT} WHERE service_name = $1 AND placement_key = $2`,
      [placement.serviceName, placementKey(placement)],
    );
    return rows.length === 0 ? undefined : toStored(rows[0]);
  }

  async list(
    db: Queryable,
    filter: PlacementFilter,
    page: PageRequest,
  ): Promise<Page<StoredPlacement>> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const equal = (column: string, value: string | undefined) => {
      if (value === undefined) return;
      params.push(value);
      conditions.push(`${column} = $${params.length}`);
    };
    equal('service_name', filter.serviceName);
    equal('cluster', filter.cluster);
    equal('namespace', filter.namespace);
    equal('workload_name', filter.workloadName);
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';

    const [{ total }] = await db.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM placements ${where}`,
      params,
    );
    const rows = await db.query<PlacementRow>(
      `${SELECT} ${where} ORDER BY service_name, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.offset],
    );
    return { items: rows.map(toStored), total, ...page };
  }

  async delete(db: Queryable, id: number): Promise<StoredPlacement | undefined> {
    const rows = await db.query<PlacementRow>(
      `DELETE FROM placements WHERE id = $1 RETURNING id::float8 AS id, service_name, cluster, namespace,
         workload_kind, workload_name, label_selector, image, source, observed_at`,
      [id],
    );
    return rows.length === 0 ? undefined : toStored(rows[0]);
  }
}

function toPlacement(row: PlacementRow): Placement {
  return {
    serviceName: row.service_name,
    cluster: optional(row.cluster),
    namespace: optional(row.namespace),
    workloadKind: optional(row.workload_kind),
    workloadName: optional(row.workload_name),
    labelSelector: optional(row.label_selector),
    image: optional(row.image),
    source: row.source,
  };
}

function toStored(row: PlacementRow): StoredPlacement {
  return { id: row.id, ...toPlacement(row), observedAt: row.observed_at.toISOString() };
}
