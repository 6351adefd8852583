import type { Queryable } from '../database/database';

/** A placement that may own query `index`, as the workload, label and namespace rules read it. */
export interface PlacementCandidate {
  index: number;
  /** Position of the workload name among the query's candidates; 0 is the best. */
  nameRank: number;
  serviceName: string;
  cluster: string | null;
  namespace: string | null;
  workloadKind: string | null;
  workloadName: string | null;
  labelSelector: Record<string, string> | null;
  source: string;
  observedAt: Date;
}

export interface ImageCandidate {
  index: number;
  serviceName: string;
  repository: string;
  source: string;
}

export interface CloudCandidate {
  index: number;
  serviceName: string;
  arn: string;
  source: string;
}

interface PlacementRow {
  idx: number;
  name_rank: number;
  service_name: string;
  cluster: string | null;
  namespace: string | null;
  workload_kind: string | null;
  workload_name: string | null;
  label_selector: Record<string, string> | null;
  source: string;
  observed_at: Date;
}

const PLACEMENT_COLUMNS = `p.service_name, p.cluster, p.namespace, p.workload_kind, p.workload_name,
  p.label_selector, p.source, p.observed_at`;

/**
 * The lookups behind POST /v1/resolve. Each takes every query of a batch at
 * once (arrays unnested into rows), so a resolve of 500 identities costs a
 * handful of statements, not thousands.
 */
export class ResolveRepository {
  async workloadPlacements(
    db: Queryable,
    lookups: Array<{
      index: number;
      nameRank: number;
      cluster?: string;
      namespace?: string;
      name: string;
    }>,
  ): Promise<PlacementCandidate[]> {
    if (lookups.length === 0) return [];
    const rows = await db.query<PlacementRow>(
      `SELECT q.idx, q.name_rank, ${PLACEMENT_COLUMNS}
       FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[]) AS q(idx, name_rank, cluster, namespace, name)
       JOIN placements p ON p.workload_name = q.name
        AND (p.namespace IS NULL OR p.namespace = q.namespace)
        AND (p.cluster IS NULL OR p.cluster = q.cluster)`,
      [
        lookups.map((lookup) => lookup.index),
        lookups.map((lookup) => lookup.nameRank),
        lookups.map((lookup) => lookup.cluster ?? null),
        lookups.map((lookup) => lookup.namespace ?? null),
        lookups.map((lookup) => lookup.name),
      ],
    );
    return rows.map(toPlacementCandidate);
  }

  async labelPlacements(
    db: Queryable,
    lookups: Array<{
      index: number;
      cluster?: string;
      namespace?: string;
      labels: Record<string, string>;
    }>,
  ): Promise<PlacementCandidate[]> {
    if (lookups.length === 0) return [];
    const rows = await db.query<PlacementRow>(
      `SELECT q.idx, 0 AS name_rank, ${PLACEMENT_COLUMNS}
       FROM unnest($1::int[], $2::text[], $3::text[], $4::jsonb[]) AS q(idx, cluster, namespace, labels)
       JOIN placements p ON p.label_selector IS NOT NULL
        AND (p.namespace IS NULL OR p.namespace = q.namespace)
        AND (p.cluster IS NULL OR p.cluster = q.cluster)
        AND q.labels @> p.label_selector`,
      [
        lookups.map((lookup) => lookup.index),
        lookups.map((lookup) => lookup.cluster ?? null),
        lookups.map((lookup) => lookup.namespace ?? null),
        lookups.map((lookup) => JSON.stringify(lookup.labels)),
      ],
    );
    return rows.map(toPlacementCandidate);
  }

  async namespaceDefaults(
    db: Queryable,
    lookups: Array<{ index: number; cluster?: string; namespace: string }>,
  ): Promise<PlacementCandidate[]> {
    if (lookups.length === 0) return [];
    const rows = await db.query<PlacementRow>(
      `SELECT q.idx, 0 AS name_rank, ${PLACEMENT_COLUMNS}
       FROM unnest($1::int[], $2::text[], $3::text[]) AS q(idx, cluster, namespace)
       JOIN placements p ON p.workload_name IS NULL AND p.label_selector IS NULL
        AND p.namespace = q.namespace
        AND (p.cluster IS NULL OR p.cluster = q.cluster)`,
      [
        lookups.map((lookup) => lookup.index),
        lookups.map((lookup) => lookup.cluster ?? null),
        lookups.map((lookup) => lookup.namespace),
      ],
    );
    return rows.map(toPlacementCandidate);
  }

  async imageRepositories(
    db: Queryable,
    lookups: Array<{ index: number; repository: string }>,
  ): Promise<ImageCandidate[]> {
    if (lookups.length === 0) return [];
    const rows = await db.query<{
      idx: number;
      service_name: string;
      repository: string;
      source: string;
    }>(
      `SELECT q.idx, i.service_name, i.repository, i.source
       FROM unnest($1::int[], $2::text[]) AS q(idx, repository)
       JOIN service_images i ON i.repository = q.repository
       ORDER BY q.idx, i.service_name`,
      [lookups.map((lookup) => lookup.index), lookups.map((lookup) => lookup.repository)],
    );
    return rows.map((row) => ({
      index: row.idx,
      serviceName: row.service_name,
      repository: row.repository,
      source: row.source,
    }));
  }

  /** Cloud resources whose ARN is exactly the query's role; tags may name services not in the catalog yet. */
  async cloudResources(
    db: Queryable,
    lookups: Array<{ index: number; arn: string }>,
  ): Promise<CloudCandidate[]> {
    if (lookups.length === 0) return [];
    const rows = await db.query<{ idx: number; service_name: string; arn: string; source: string }>(
      `SELECT q.idx, c.service_name, c.arn, c.source
       FROM unnest($1::int[], $2::text[]) AS q(idx, arn)
       JOIN cloud_resources c ON c.arn = q.arn
       JOIN services s ON s.name = c.service_name`,
      [lookups.map((lookup) => lookup.index), lookups.map((lookup) => lookup.arn)],
    );
    return rows.map((row) => ({
      index: row.idx,
      serviceName: row.service_name,
      arn: row.arn,
      source: row.source,
    }));
  }

  /** For each account, the catalog services its tagged resources belong to. */
  async servicesByAccount(
    db: Queryable,
    accounts: readonly string[],
  ): Promise<Map<string, string[]>> {
    const byAccount = new Map<string, string[]>();
    if (accounts.length === 0) return byAccount;
    const rows = await db.query<{ account_id: string; services: string[] }>(
      `SELECT c.account_id, array_agg(DISTINCT c.service_name ORDER BY c.service_name) AS services
       FROM cloud_resources c JOIN services s ON s.name = c.service_name
       WHERE c.account_id = ANY($1::text[])
       GROUP BY c.account_id`,
      [accounts],
    );
    for (const row of rows) byAccount.set(row.account_id, row.services);
    return byAccount;
  }
}

function toPlacementCandidate(row: PlacementRow): PlacementCandidate {
  return {
    index: row.idx,
    nameRank: row.name_rank,
    serviceName: row.service_name,
    cluster: row.cluster,
    namespace: row.namespace,
    workloadKind: row.workload_kind,
    workloadName: row.workload_name,
    labelSelector: row.label_selector,
    source: row.source,
    observedAt: row.observed_at,
  };
}
