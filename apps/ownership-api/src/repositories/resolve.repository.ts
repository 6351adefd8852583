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

export interface PlacementLookup {
  index: number;
  cluster?: string;
  namespace?: string;
  labels?: Record<string, string>;
  /** Workload names to try, best first. */
  names: string[];
}

export interface PlacementCandidates {
  workload: PlacementCandidate[];
  label: PlacementCandidate[];
  namespace: PlacementCandidate[];
}

export interface CatalogLookup {
  index: number;
  imageRepository?: string;
  roleArn?: string;
  awsAccount?: string;
}

export interface CatalogCandidates {
  image: ImageCandidate[];
  role: CloudCandidate[];
  /** Catalog services with tagged resources in the query's account, at most two per query. */
  account: Array<{ index: number; serviceName: string }>;
}

/**
 * The lookups behind POST /v1/resolve. Each takes every query of a batch at
 * once (arrays unnested into rows) and returns the candidates of several
 * rules in one statement, so a resolve of 500 identities costs a few round
 * trips to the database, not thousands. LATERAL subqueries make each row an
 * index lookup: the planner cannot see how many rows an unnested array holds,
 * and for a guessed hundred it prefers scanning whole tables.
 */
export class ResolveRepository {
  /** Candidates of the workload, label and namespace-default rules. */
  async placements(
    db: Queryable,
    lookups: readonly PlacementLookup[],
  ): Promise<PlacementCandidates> {
    const candidates: PlacementCandidates = { workload: [], label: [], namespace: [] };
    if (lookups.length === 0) return candidates;

    const names = lookups.flatMap((lookup) =>
      lookup.names.map((name, rank) => ({ lookup, name, rank })),
    );
    const rows = await db.query<PlacementRow & { rule: keyof PlacementCandidates }>(
      `WITH by_name AS (
         SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[])
           AS q(idx, name_rank, cluster, namespace, name)
       ), by_identity AS (
         SELECT * FROM unnest($6::int[], $7::text[], $8::text[], $9::jsonb[]) AS q(idx, cluster, namespace, labels)
       )
       SELECT 'workload' AS rule, q.idx, q.name_rank, p.*
       FROM by_name q CROSS JOIN LATERAL (
         SELECT ${PLACEMENT_COLUMNS} FROM placements p
         WHERE p.workload_name = q.name
           AND (p.namespace IS NULL OR p.namespace = q.namespace)
           AND (p.cluster IS NULL OR p.cluster = q.cluster)
       ) p
       UNION ALL
       SELECT 'label', q.idx, 0, p.*
       FROM by_identity q CROSS JOIN LATERAL (
         SELECT ${PLACEMENT_COLUMNS} FROM placements p
         WHERE q.labels IS NOT NULL AND p.label_selector IS NOT NULL
           AND (p.namespace IS NULL OR p.namespace = q.namespace)
           AND (p.cluster IS NULL OR p.cluster = q.cluster)
           AND q.labels @> p.label_selector
       ) p
       UNION ALL
       SELECT 'namespace', q.idx, 0, p.*
       FROM by_identity q CROSS JOIN LATERAL (
         SELECT ${PLACEMENT_COLUMNS} FROM placements p
         WHERE p.workload_name IS NULL AND p.label_selector IS NULL
           AND p.namespace = q.namespace
           AND (p.cluster IS NULL OR p.cluster = q.cluster)
       ) p`,
      [
        names.map((entry) => entry.lookup.index),
        names.map((entry) => entry.rank),
        names.map((entry) => entry.lookup.cluster ?? null),
        names.map((entry) => entry.lookup.namespace ?? null),
        names.map((entry) => entry.name),
        lookups.map((lookup) => lookup.index),
        lookups.map((lookup) => lookup.cluster ?? null),
        lookups.map((lookup) => lookup.namespace ?? null),
        lookups.map((lookup) =>
          lookup.labels === undefined ? null : JSON.stringify(lookup.labels),
        ),
      ],
    );
    for (const row of rows) candidates[row.rule].push(toPlacementCandidate(row));
    return candidates;
  }

  /**
   * Candidates of the image and cloud rules: services shipping the image
   * repository, resources whose ARN is the role, and up to two services with
   * tagged resources in the account (two are enough to call it ambiguous).
   * Tags may name services not in the catalog yet; those are left out.
   */
  async catalogMatches(
    db: Queryable,
    lookups: readonly CatalogLookup[],
  ): Promise<CatalogCandidates> {
    const candidates: CatalogCandidates = { image: [], role: [], account: [] };
    if (lookups.length === 0) return candidates;

    const rows = await db.query<{
      kind: 'image' | 'role' | 'account';
      idx: number;
      service_name: string;
      matched: string;
      source: string;
    }>(
      `WITH q AS (
         SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[]) AS q(idx, repository, arn, account)
       )
       SELECT 'image' AS kind, q.idx, x.service_name, x.repository AS matched, x.source
       FROM q CROSS JOIN LATERAL (
         SELECT i.service_name, i.repository, i.source FROM service_images i WHERE i.repository = q.repository
       ) x
       UNION ALL
       SELECT 'role', q.idx, x.service_name, x.arn, x.source
       FROM q CROSS JOIN LATERAL (
         SELECT c.service_name, c.arn, c.source FROM cloud_resources c
         JOIN services s ON s.name = c.service_name
         WHERE c.arn = q.arn
       ) x
       UNION ALL
       SELECT 'account', q.idx, x.service_name, q.account, ''
       FROM q CROSS JOIN LATERAL (
         SELECT DISTINCT c.service_name FROM cloud_resources c
         JOIN services s ON s.name = c.service_name
         WHERE c.account_id = q.account
         LIMIT 2
       ) x
       ORDER BY 1, 2, 3`,
      [
        lookups.map((lookup) => lookup.index),
        lookups.map((lookup) => lookup.imageRepository ?? null),
        lookups.map((lookup) => lookup.roleArn ?? null),
        lookups.map((lookup) => lookup.awsAccount ?? null),
      ],
    );

    for (const row of rows) {
      if (row.kind === 'image') {
        candidates.image.push({
          index: row.idx,
          serviceName: row.service_name,
          repository: row.matched,
          source: row.source,
        });
      } else if (row.kind === 'role') {
        candidates.role.push({
          index: row.idx,
          serviceName: row.service_name,
          arn: row.matched,
          source: row.source,
        });
      } else {
        candidates.account.push({ index: row.idx, serviceName: row.service_name });
      }
    }
    return candidates;
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
