import { SEVERITIES, type Severity, type VulnerabilityRecord } from '../../catalog/catalog-types';

const TOP_COUNT = 10;

/** Counts findings by severity and fixability, and keeps the most severe, fixable ones first. */
export function summarizeRecords(records: readonly VulnerabilityRecord[]): {
  counts: Record<Severity, number>;
  fixable: number;
  top: VulnerabilityRecord[];
} {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
  for (const record of records) counts[record.severity] += 1;

  const top = [...records]
    .sort(
      (left, right) =>
        SEVERITIES.indexOf(left.severity) - SEVERITIES.indexOf(right.severity) ||
        Number(right.fixedVersion !== undefined) - Number(left.fixedVersion !== undefined) ||
        left.id.localeCompare(right.id),
    )
    .slice(0, TOP_COUNT);
  return {
    counts,
    fixable: records.filter((record) => record.fixedVersion !== undefined).length,
    top,
  };
}
