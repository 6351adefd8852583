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
 * Reads `trivy image --format json` output (schema version 2): the artifact
 * name is the image, and every result (OS packages, language packages) adds
 * its vulnerabilities.
 */
export function parseTrivyReport(report: unknown, source: string): ParsedScan {
  if (!isRecord(report) || typeof report.ArtifactName !== 'string') {
    throw new ScanReportError([
      `${source}: expected a Trivy JSON report with ArtifactName (trivy image --format json)`,
    ]);
  }
  if (report.SchemaVersion !== undefined && report.SchemaVersion !== 2) {
    throw new ScanReportError([
      `${source}: SchemaVersion ${JSON.stringify(report.SchemaVersion)} is not supported; use Trivy's schema version 2`,
    ]);
  }

  const results = Array.isArray(report.Results) ? report.Results : [];
  const problems: string[] = [];
  const records: VulnerabilityRecord[] = [];
  results.forEach((result, resultIndex) => {
    if (!isRecord(result)) return;
    const vulnerabilities = Array.isArray(result.Vulnerabilities) ? result.Vulnerabilities : [];
    vulnerabilities.forEach((vulnerability, index) => {
      const id = isRecord(vulnerability)
        ? optionalString(vulnerability.VulnerabilityID)
        : undefined;
      const packageName = isRecord(vulnerability)
        ? optionalString(vulnerability.PkgName)
        : undefined;
      if (!isRecord(vulnerability) || id === undefined || packageName === undefined) {
        problems.push(
          `${source}: Results[${resultIndex}].Vulnerabilities[${index}] has no VulnerabilityID or PkgName`,
        );
        return;
      }
      const record: VulnerabilityRecord = {
        id,
        severity: toSeverity(vulnerability.Severity),
        package: packageName,
      };
      const installed = optionalString(vulnerability.InstalledVersion);
      const fixed = optionalString(vulnerability.FixedVersion);
      if (installed !== undefined) record.installedVersion = installed;
      if (fixed !== undefined) record.fixedVersion = fixed;
      records.push(record);
    });
  });

  if (problems.length > 0) throw new ScanReportError(problems);
  return {
    scanner: 'trivy',
    target: report.ArtifactName,
    imageReference: report.ArtifactName,
    records: distinctRecords(records),
  };
}
