import type { Queryable } from '../database/database';
import type { Page, PageRequest } from './row-values';

export interface AuditEntry {
  /** Name of the token that made the change. */
  actor: string;
  /** Verb such as `create`, `update`, `delete`, `import`, `deploy`. */
  action: string;
  entityType: string;
  entityKey: string;
  details?: Record<string, unknown>;
}

export type StoredAuditEntry = AuditEntry & { id: number; at: string };

interface AuditRow {
  id: number;
  at: Date;
  actor: string;
  action: string;
  entity_type: string;
  entity_key: string;
  details: Record<string, unknown>;
}

/** Appends to and reads `audit_log`. */
export class AuditRepository {
  async append(db: Queryable, entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await db.query(
      `INSERT INTO audit_log (actor, action, entity_type, entity_key, details)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[])`,
      [
        entries.map((entry) => entry.actor),
        entries.map((entry) => entry.action),
        entries.map((entry) => entry.entityType),
        entries.map((entry) => entry.entityKey),
        entries.map((entry) => JSON.stringify(entry.details ?? {})),
      ],
    );
  }

  async list(
    db: Queryable,
    filter: { entityType?: string; entityKey?: string },
    page: PageRequest,
  ): Promise<Page<StoredAuditEntry>> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (filter.entityType !== undefined) {
      params.push(filter.entityType);
      conditions.push(`entity_type = $${params.length}`);
    }
    if (filter.entityKey !== undefined) {
      params.push(filter.entityKey);
      conditions.push(`entity_key = $${params.length}`);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';

    const [{ total }] = await db.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM audit_log ${where}`,
      params,
    );
    const rows = await db.query<AuditRow>(
      `SELECT id::float8 AS id, at, actor, action, entity_type, entity_key, details FROM audit_log ${where}
       ORDER BY id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.offset],
    );
    const items = rows.map((row) => ({
      id: row.id,
      at: row.at.toISOString(),
      actor: row.actor,
      action: row.action,
      entityType: row.entity_type,
      entityKey: row.entity_key,
      details: row.details,
    }));
    return { items, total, ...page };
  }
}
