import { readSampleReport } from '../../../test/support/catalog-files';
import { parseClairReport } from './parse-clair';
import { parseSnykReport } from './parse-snyk';
import { parseTrivyReport } from './parse-trivy';
import { ScanReportError } from './scan-types';
import { summarizeRecords } from './summarize-scan';
import { thrownBy } from '@talaria/testing';

function problemsOf(parse: () => unknown): string[] {
  return thrownBy(parse, ScanReportError).problems;
}

const CLAIR_REPORT = {
  manifest_hash: 'sha256:4c3b1a',
  packages: { '12': { id: '12', name: 'openssl', version: '3.0.11-1~deb12u2' } },
  vulnerabilities: {
    '901': {
      id: '901',
      name: 'CVE-2024-0727',
      normalized_severity: 'Medium',
      fixed_in_version: '3.0.13-1~deb12u1',
      package: { id: '12', name: 'openssl', version: '3.0.11-1~deb12u2' },
    },
    '902': {
      id: '902',
      name: 'CVE-2010-0928',
      normalized_severity: 'Negligible',
      fixed_in_version: '',
      package: { id: '12', name: 'openssl', version: '3.0.11-1~deb12u2' },
    },
  },
  package_vulnerabilities: { '12': ['901', '902'] },
};

describe('parseSnykReport', () => {
  it('keeps one record per vulnerability and package', () => {
    const [scan] = parseSnykReport(readSampleReport('snyk-payments-api.json'), 'snyk.json');

    expect(scan.projectName).toBe('payments-api');
    expect(scan.target).toBe('go.mod');
    expect(scan.records.map((record) => record.id)).toEqual([
      'CVE-2024-24786',
      'CVE-2023-45288',
      'CVE-2024-27304',
    ]);
  });

  it('reads versions and fixes', () => {
    const [scan] = parseSnykReport(readSampleReport('snyk-payments-api.json'), 'snyk.json');

    expect(scan.records[2]).toEqual({
      id: 'CVE-2024-27304',
      severity: 'critical',
      package: 'github.com/jackc/pgx/v5',
      installedVersion: 'v5.5.3',
      fixedVersion: '5.5.4',
    });
  });

  it('rejects a report without vulnerabilities', () => {
    expect(problemsOf(() => parseSnykReport({ ok: true }, 'snyk.json'))).toEqual([
      'snyk.json: expected a Snyk test result with a vulnerabilities array (snyk test --json)',
    ]);
  });
});

describe('parseTrivyReport', () => {
  it('reads every result of an image scan', () => {
    const scan = parseTrivyReport(readSampleReport('trivy-checkout-web.json'), 'trivy.json');

    expect(scan.imageReference).toBe('ghcr.io/acme/checkout-web:3.8.2');
    expect(scan.records).toHaveLength(6);
    expect(scan.records.find((record) => record.package === 'express')?.fixedVersion).toBe(
      '4.19.2, 5.0.0-beta.3',
    );
    expect(
      scan.records.find((record) => record.package === 'libnghttp2-14')?.fixedVersion,
    ).toBeUndefined();
  });

  it('rejects other schema versions', () => {
    expect(
      problemsOf(() => parseTrivyReport({ SchemaVersion: 1, ArtifactName: 'x' }, 'trivy.json')),
    ).toEqual(["trivy.json: SchemaVersion 1 is not supported; use Trivy's schema version 2"]);
  });

  it('names a broken vulnerability', () => {
    const report = {
      SchemaVersion: 2,
      ArtifactName: 'x',
      Results: [{ Vulnerabilities: [{ PkgName: 'zlib1g' }] }],
    };

    expect(problemsOf(() => parseTrivyReport(report, 'trivy.json'))).toEqual([
      'trivy.json: Results[0].Vulnerabilities[0] has no VulnerabilityID or PkgName',
    ]);
  });
});

describe('parseClairReport', () => {
  it('maps Clair severities', () => {
    const scan = parseClairReport(
      CLAIR_REPORT,
      'clair.json',
      'ghcr.io/acme/ledger-reconcile:2.3.1',
    );

    expect(scan.records.map((record) => [record.id, record.severity, record.fixedVersion])).toEqual(
      [
        ['CVE-2024-0727', 'medium', '3.0.13-1~deb12u1'],
        ['CVE-2010-0928', 'low', undefined],
      ],
    );
  });

  it('needs the image', () => {
    expect(problemsOf(() => parseClairReport(CLAIR_REPORT, 'clair.json', undefined))).toEqual([
      'clair.json: a Clair report names only the manifest sha256:4c3b1a; pass the image it belongs to',
    ]);
  });
});

describe('summarizeRecords', () => {
  it('counts by severity and puts fixable findings first', () => {
    const scan = parseTrivyReport(readSampleReport('trivy-checkout-web.json'), 'trivy.json');

    const summary = summarizeRecords(scan.records);

    expect(summary.counts).toEqual({ critical: 1, high: 2, medium: 2, low: 1, unknown: 0 });
    expect(summary.fixable).toBe(3);
    expect(summary.top.map((record) => record.id)).toEqual([
      'CVE-2023-45853',
      'CVE-2024-2961',
      'CVE-2024-34351',
      'CVE-2024-29041',
      'CVE-2024-28182',
      'CVE-2011-3374',
    ]);
  });
});
