import type { Queryable } from '../database/database';

/** Reads and writes `service_images`: which image repositories a service ships. */
export class ServiceImageRepository {
  /** Makes the repositories of `serviceName` from sources starting with `sourcePrefix` exactly `desired`. */
  async replaceForSource(
    db: Queryable,
    serviceName: string,
    sourcePrefix: string,
    source: string,
    desired: readonly string[],
  ): Promise<{ added: string[]; removed: string[] }> {
    const existing = await db.query<{ repository: string }>(
      'SELECT repository FROM service_images WHERE service_name = $1 AND starts_with(source, $2)',
      [serviceName, sourcePrefix],
    );
    const wanted = new Set(desired);
    const removed = existing
      .map((row) => row.repository)
      .filter((repository) => !wanted.has(repository));
    if (removed.length > 0) {
      await db.query(
        'DELETE FROM service_images WHERE service_name = $1 AND repository = ANY($2::text[])',
        [serviceName, removed],
      );
    }

    const added: string[] = [];
    for (const repository of desired) {
      if (await this.add(db, serviceName, repository, source)) added.push(repository);
    }
    return { added, removed };
  }

  /** Records that `serviceName` ships `repository`; returns true when the pair is new. */
  async add(
    db: Queryable,
    serviceName: string,
    repository: string,
    source: string,
  ): Promise<boolean> {
    const rows = await db.query<{ inserted: boolean }>(
      `INSERT INTO service_images (service_name, repository, source) VALUES ($1, $2, $3)
       ON CONFLICT (service_name, repository) DO UPDATE SET source = EXCLUDED.source, observed_at = now()
       RETURNING (xmax = 0) AS inserted`,
      [serviceName, repository, source],
    );
    return rows[0]?.inserted === true;
  }

  async listForServices(db: Queryable, names: readonly string[]): Promise<Map<string, string[]>> {
    const byService = new Map<string, string[]>();
    if (names.length === 0) return byService;
    const rows = await db.query<{ service_name: string; repository: string }>(
      'SELECT service_name, repository FROM service_images WHERE service_name = ANY($1::text[]) ORDER BY repository',
      [names],
    );
    for (const row of rows)
      byService.set(row.service_name, [...(byService.get(row.service_name) ?? []), row.repository]);
    return byService;
  }

  /** Services that ship `repository`, for vulnerability reports that name only an image. */
  async servicesFor(db: Queryable, repository: string): Promise<string[]> {
    const rows = await db.query<{ service_name: string }>(
      'SELECT service_name FROM service_images WHERE repository = $1 ORDER BY service_name',
      [repository],
    );
    return rows.map((row) => row.service_name);
  }
}
