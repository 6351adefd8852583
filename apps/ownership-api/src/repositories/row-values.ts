import type { WriteOutcome } from '../catalog/catalog-types';

/** Turns SQL NULL into an absent property value. */
export function optional<T>(value: T | null | undefined): T | undefined {
  return value === null ? undefined : value;
}

/** Turns an absent property value into SQL NULL. */
export function nullable<T>(value: T | undefined): T | null {
  return value === undefined ? null : value;
}

/**
 * Reads what an `INSERT ... ON CONFLICT DO UPDATE ... WHERE changed RETURNING
 * (xmax = 0) AS inserted` did: no row means the stored row already matched.
 */
export function writeOutcome(rows: Array<{ inserted: boolean }>): WriteOutcome {
  if (rows.length === 0) return 'unchanged';
  return rows[0].inserted ? 'created' : 'updated';
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface PageRequest {
  limit: number;
  offset: number;
}
