import type { WriteOutcome } from '../catalog/catalog-types';
import type { AuditEntry } from '../repositories/audit.repository';

/** Changes an import made to one kind of entity. */
export interface ChangeCounts {
  created: string[];
  updated: string[];
  unchanged: number;
}

export function emptyChanges(): ChangeCounts {
  return { created: [], updated: [], unchanged: 0 };
}

/** Adds one upsert's outcome to the counts, and an audit entry when something changed. */
export function recordChange(
  counts: ChangeCounts,
  audit: AuditEntry[],
  change: { actor: string; entityType: string; key: string; outcome: WriteOutcome; source: string },
): void {
  if (change.outcome === 'unchanged') {
    counts.unchanged += 1;
    return;
  }
  counts[change.outcome].push(change.key);
  audit.push({
    actor: change.actor,
    action: change.outcome === 'created' ? 'create' : 'update',
    entityType: change.entityType,
    entityKey: change.key,
    details: { source: change.source },
  });
}
