import type { VulnerabilityRecord } from '../../catalog/catalog-types';
import {
  distinctRecords,
  isRecord,
  optionalString,
  ScanReportError,
  type ParsedScan,
  toSeverity,
} from './scan-types';

/**
 * Reads a Clair v4 vulnerability report (the matcher API's
 * `vulnerability_report`, also what `clairctl report --out json` prints). The
 * report names the manifest digest only, so the caller supplies the image.
 */
export function parseClairReport(
  report: unknown,
  source: string,
  image: string | undefined,
): ParsedScan {
  if (
    !isRecord(report) ||
    typeof report.manifest_hash !== 'string' ||
    !isRecord(report.vulnerabilities)
  ) {
    throw new ScanReportError([
      `${source}: expected a Clair v4 vulnerability report with manifest_hash and vulnerabilities`,
    ]);
  }
  if (image === undefined) {
    throw new ScanReportError([
      `${source}: a Clair report names only the manifest ${report.manifest_hash}; pass the image it belongs to`,
    ]);
  }

  const problems: string[] = [];
  const records: VulnerabilityRecord[] = [];
  for (const [key, vulnerability] of Object.entries(report.vulnerabilities)) {
    const pkg =
      isRecord(vulnerability) && isRecord(vulnerability.package)
        ? vulnerability.package
        : undefined;
    const id = isRecord(vulnerability)
      ? (optionalString(vulnerability.name) ?? optionalString(vulnerability.id))
      : undefined;
    const packageName = pkg === undefined ? undefined : optionalString(pkg.name);
    if (!isRecord(vulnerability) || id === undefined || packageName === undefined) {
      problems.push(`${source}: vulnerabilities.${key} has no name or package.name`);
      continue;
    }
    const record: VulnerabilityRecord = {
      id,
      severity: toSeverity(vulnerability.normalized_severity),
      package: packageName,
    };
    const installed = optionalString(pkg?.version);
    const fixed = optionalString(vulnerability.fixed_in_version);
    if (installed !== undefined) record.installedVersion = installed;
    if (fixed !== undefined) record.fixedVersion = fixed;
    records.push(record);
  }

  if (problems.length > 0) throw new ScanReportError(problems);
  return {
    scanner: 'clair',
    target: image,
    imageReference: image,
    records: distinctRecords(records),
  };
}
