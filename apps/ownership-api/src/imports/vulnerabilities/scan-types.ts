import type { Severity, VulnerabilityRecord } from '../../catalog/catalog-types';

/** One scanner report reduced to its target and distinct findings. */
export interface ParsedScan {
  scanner: 'snyk' | 'trivy' | 'clair';
  /** Image reference or manifest file scanned. */
  target: string;
  /** Set for image scans. */
  imageReference?: string;
  /** Snyk's project name, which often equals the service name. */
  projectName?: string;
  /** Findings, one per vulnerability and package. */
  records: VulnerabilityRecord[];
}

/** The report does not have the shape the scanner writes. */
export class ScanReportError extends Error {
  override readonly name = 'ScanReportError';

  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

const SEVERITY_WORDS: Record<string, Severity> = {
  critical: 'critical',
  defcon1: 'critical',
  high: 'high',
  important: 'high',
  medium: 'medium',
  moderate: 'medium',
  low: 'low',
  negligible: 'low',
  unknown: 'unknown',
};

/** Maps a scanner's severity word (any case) to ours; unrecognised words count as unknown. */
export function toSeverity(word: unknown): Severity {
  return typeof word === 'string' ? (SEVERITY_WORDS[word.toLowerCase()] ?? 'unknown') : 'unknown';
}

/** Keeps one record per vulnerability id and package, as scanners list a finding once per dependency path. */
export function distinctRecords(records: readonly VulnerabilityRecord[]): VulnerabilityRecord[] {
  const byKey = new Map<string, VulnerabilityRecord>();
  for (const record of records) {
    const key = `${record.id}|${record.package}|${record.installedVersion ?? ''}`;
    if (!byKey.has(key)) byKey.set(key, record);
  }
  return [...byKey.values()];
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
