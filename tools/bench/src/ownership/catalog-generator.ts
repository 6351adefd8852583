import type { Client } from 'pg';

export interface CatalogSize {
  services: number;
  teams: number;
  clusters: number;
  /** Placements per service; services × this is the placement count. */
  placementsPerService: number;
}

/**
 * Fills a migrated ownership schema with a synthetic catalog in a few
 * set-based statements. Service i is `svc-<i>` in namespace `ns-<i mod 500>`,
 * owned by `team-<i mod teams>`, shipping `registry.example/acme/svc-<i>`.
 * Of its placements, one in ten is a label selector in any cluster, and the
 * rest are workloads `svc-<i>-w<k>` spread over the clusters, except that the
 * first service of each namespace is also its namespace default.
 */
export async function generateCatalog(client: Client, size: CatalogSize): Promise<void> {
  await client.query(
    `INSERT INTO teams (name, slack_channel, escalation_contact, source)
     SELECT 'team-' || t, '#team-' || t, 'pagerduty:team-' || t, 'bench'
     FROM generate_series(0, $1 - 1) AS t`,
    [size.teams],
  );
  await client.query(
    `INSERT INTO services (name, owner_team, criticality, language, libraries, source)
     SELECT 'svc-' || i, 'team-' || (i % $2), 'tier-' || (i % 4), 'go', '["github.com/jackc/pgx/v5@5.5.4"]', 'bench'
     FROM generate_series(0, $1 - 1) AS i`,
    [size.services, size.teams],
  );
  await client.query(
    `INSERT INTO placements (service_name, placement_key, cluster, namespace, workload_kind, workload_name, label_selector, source)
     SELECT 'svc-' || i,
            'k' || k,
            CASE WHEN k % 10 = 8 OR (k % 10 = 9 AND i < 500) THEN NULL ELSE 'cluster-' || ((i + k) % $3) END,
            'ns-' || (i % 500),
            CASE WHEN k % 10 = 8 OR (k % 10 = 9 AND i < 500) THEN NULL ELSE 'Deployment' END,
            CASE WHEN k % 10 = 8 OR (k % 10 = 9 AND i < 500) THEN NULL ELSE 'svc-' || i || '-w' || k END,
            CASE WHEN k % 10 = 8 THEN jsonb_build_object('app', 'svc-' || i) ELSE NULL END,
            'bench'
     FROM generate_series(0, $1 - 1) AS i, generate_series(0, $2 - 1) AS k`,
    [size.services, size.placementsPerService, size.clusters],
  );
  await client.query(
    `INSERT INTO service_images (service_name, repository, source)
     SELECT 'svc-' || i, 'registry.example/acme/svc-' || i, 'bench' FROM generate_series(0, $1 - 1) AS i`,
    [size.services],
  );
  await client.query(
    `INSERT INTO cloud_resources (arn, account_id, resource_type, service_name, tags, source)
     SELECT 'arn:aws:iam::' || lpad((100000000000 + i % 50)::text, 12, '0') || ':role/svc-' || i,
            lpad((100000000000 + i % 50)::text, 12, '0'), 'iam:role', 'svc-' || i,
            jsonb_build_object('service', 'svc-' || i), 'bench'
     FROM generate_series(0, $1 - 1) AS i`,
    [size.services],
  );
  await client.query(
    `INSERT INTO vulnerability_summaries (service_name, scanner, target, image_repository, critical, high, medium, low, source)
     SELECT 'svc-' || i, 'trivy', 'registry.example/acme/svc-' || i || ':1.0.0', 'registry.example/acme/svc-' || i,
            i % 3, i % 7, i % 11, i % 13, 'bench'
     FROM generate_series(0, $1 - 1) AS i`,
    [size.services],
  );
  await client.query('ANALYZE');
}
