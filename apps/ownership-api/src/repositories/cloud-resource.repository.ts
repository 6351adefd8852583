import type { CloudResource } from '../catalog/catalog-types';
import type { Queryable } from '../database/database';
import { writeOutcome } from './row-values';

/** Reads and writes `cloud_resources`: AWS resources mapped to services by a tag. */
export class CloudResourceRepository {
  async upsert(db: Queryable, resource: CloudResource) {
    const rows = await db.query<{ inserted: boolean }>(
      `INSERT INTO cloud_resources (arn, account_id, resource_type, service_name, tags, source)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6)
       ON CONFLICT (arn) DO UPDATE SET
         account_id = EXCLUDED.account_id, resource_type = EXCLUDED.resource_type,
         service_name = EXCLUDED.service_name, tags = EXCLUDED.tags, source = EXCLUDED.source, observed_at = now()
       WHERE (cloud_resources.service_name, cloud_resources.tags, cloud_resources.source)
         IS DISTINCT FROM (EXCLUDED.service_name, EXCLUDED.tags, EXCLUDED.source)
       RETURNING (xmax = 0) AS inserted`,
      [
        resource.arn,
        resource.accountId,
        resource.resourceType,
        resource.serviceName,
        JSON.stringify(resource.tags),
        resource.source,
      ],
    );
    return writeOutcome(rows);
  }

  /** AWS accounts each service has resources in. */
  async accountsForServices(
    db: Queryable,
    names: readonly string[],
  ): Promise<Map<string, string[]>> {
    const byService = new Map<string, string[]>();
    if (names.length === 0) return byService;
    const rows = await db.query<{ service_name: string; account_id: string }>(
      `SELECT DISTINCT service_name, account_id FROM cloud_resources
       WHERE service_name = ANY($1::text[]) ORDER BY account_id`,
      [names],
    );
    for (const row of rows)
      byService.set(row.service_name, [...(byService.get(row.service_name) ?? []), row.account_id]);
    return byService;
  }
}
