import type { VulnerabilityRecord } from '../../catalog/catalog-types';
import {
  distinctRecords,
  isRecord,
  optionalString,
  ScanReportError,
  toSeverity,
  type ParsedScan,
} from './scan-types';

/**
 * Reads `snyk test --json` output: one project object, or an array of them
 * when Snyk tested several manifests. Each vulnerability is listed once per
 * dependency path there; this keeps one per id and package version. The id
 * reported is the first CVE when Snyk has one, else Snyk's own id.
 */
export function parseSnykReport(report: unknown, source: string): ParsedScan[] {
  const projects = Array.isArray(report) ? report : [report];
  const problems: string[] = [];

  const scans = projects.map((project, index) => {
    const where = projects.length > 1 ? `${source} project ${index + 1}` : source;
    if (!isRecord(project) || !Array.isArray(project.vulnerabilities)) {
      problems.push(
        `${where}: expected a Snyk test result with a vulnerabilities array (snyk test --json)`,
      );
      return undefined;
    }

    const records: VulnerabilityRecord[] = [];
    project.vulnerabilities.forEach((vulnerability, position) => {
      const record = readVulnerability(vulnerability);
      if (record === undefined)
        problems.push(`${where}: vulnerabilities[${position}] has no id or packageName`);
      else records.push(record);
    });

    const scan: ParsedScan = {
      scanner: 'snyk',
      target:
        optionalString(project.displayTargetFile) ??
        optionalString(project.targetFile) ??
        'dependencies',
      projectName: optionalString(project.projectName),
      records: distinctRecords(records),
    };
    return scan;
  });

  if (problems.length > 0) throw new ScanReportError(problems);
  return scans.filter((scan) => scan !== undefined);
}

function readVulnerability(value: unknown): VulnerabilityRecord | undefined {
  if (!isRecord(value)) return undefined;
  const snykId = optionalString(value.id);
  const packageName = optionalString(value.packageName);
  if (snykId === undefined || packageName === undefined) return undefined;

  const identifiers = isRecord(value.identifiers) ? value.identifiers : {};
  const cves = Array.isArray(identifiers.CVE)
    ? identifiers.CVE.filter((cve) => typeof cve === 'string')
    : [];
  const fixedIn = Array.isArray(value.fixedIn)
    ? value.fixedIn.filter((version) => typeof version === 'string')
    : [];

  const record: VulnerabilityRecord = {
    id: cves[0] ?? snykId,
    severity: toSeverity(value.severity),
    package: packageName,
  };
  const installed = optionalString(value.version);
  if (installed !== undefined) record.installedVersion = installed;
  if (fixedIn.length > 0) record.fixedVersion = fixedIn.join(', ');
  return record;
}
