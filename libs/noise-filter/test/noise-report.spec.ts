import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  compileFilterSources,
  formatCandidateFilters,
  formatNoiseReport,
  loadFilterFiles,
  NoiseReportBuilder,
  readEventLine,
  type FilterSet,
} from '../src';
import { compileYaml } from './support/filters';
import { makeFinding } from './support/findings';

const REPOSITORY = join(__dirname, '..', '..', '..');
const SAMPLE_LINES = readFileSync(join(REPOSITORY, 'samples', 'falco-events.ndjson'), 'utf8').split(
  '\n',
);
const NOW = Date.parse('2026-01-15T00:00:00Z');

function reportOf(lines: string[], filters?: FilterSet, top = 5) {
  const builder = new NoiseReportBuilder({ filters, top, minCandidateAlerts: 2, nowMs: NOW });
  lines.forEach((text, index) => {
    const result = readEventLine(text, index + 1, { cluster: 'prod', region: 'eu' });
    if (result === undefined) return;
    if ('finding' in result) builder.add(result.finding);
    else builder.addInvalidLine();
  });
  return builder.build();
}

describe('noise report', () => {
  it('ranks rules by alert volume', () => {
    const report = reportOf(SAMPLE_LINES);

    expect(report.total).toBe(559);
    expect(report.invalidLines).toBe(0);
    expect(report.rules[0]).toEqual({
      value: 'Terminal shell in container',
      count: 12,
      share: 12 / 559,
    });
    expect(report.rules).toHaveLength(5);
    expect(report.rules[1].count).toBeLessThanOrEqual(report.rules[0].count);
  });

  it('ranks workloads, images, namespaces and processes', () => {
    const report = reportOf(SAMPLE_LINES);

    expect(report.workloads.map((entry) => entry.value)).toContainEqual(
      expect.stringMatching(/^haproxy-controller\/haproxy-kubernetes-ingress/),
    );
    expect(report.images.map((entry) => entry.value)).toContain('haproxytech/kubernetes-ingress');
    expect(report.namespaces.length).toBeGreaterThan(0);
    expect(report.processes.map((entry) => entry.value)).toContain('bash');
  });

  it('counts invalid lines without stopping', () => {
    const report = reportOf([SAMPLE_LINES[0], '{"rule":', SAMPLE_LINES[1]]);

    expect(report.total).toBe(2);
    expect(report.invalidLines).toBe(1);
  });

  it('shows the share each filter removes', async () => {
    const filters = await loadFilterFiles([
      join(REPOSITORY, 'samples', 'filters', 'talaria-filters.yaml'),
    ]);

    const report = reportOf(SAMPLE_LINES, filters);

    expect(report.suppressed).toBe(2);
    expect(report.filters?.map((filter) => [filter.filter, filter.suppressed])).toEqual([
      ['haproxy-startup-config', 0],
      ['loadtest-developer-shells', 0],
      ['loadtest-nodeport-traffic', 1],
      ['ledger-reconcile-rpm-inventory', 1],
    ]);
    expect(report.filters?.[2].share).toBeCloseTo(1 / 559);
  });

  it('reports matches of expired filters', () => {
    const filters = compileYaml(
      'filters:\n  - { name: old, reason: r, owner: o, expires: 2025-01-01, match: { rule: Terminal shell in container } }\n',
    );

    const report = reportOf(SAMPLE_LINES, filters);

    expect(report.filters?.[0]).toMatchObject({
      filter: 'old',
      suppressed: 0,
      expired: true,
      expiredMatches: 12,
    });
    expect(report.suppressed).toBe(0);
  });

  it('proposes candidate filters for the largest groups', () => {
    const report = reportOf(SAMPLE_LINES);

    const [largest] = report.candidates;

    expect(largest.name).toMatch(
      /^candidate-terminal-shell-in-container-haproxy-kubernetes-ingress/,
    );
    expect(largest.count).toBe(12);
    expect(largest.share).toBe(12 / 559);
    expect(largest.match).toMatchObject({
      rule: 'Terminal shell in container',
      'workload.namespace': 'haproxy-controller',
      'proc.name': 'bash',
    });
    // The workload name is derived from the pod name by @talaria/falco-event.
    expect(largest.match['workload.name']).toMatch(/^haproxy-kubernetes-ingress/);
  });

  it('leaves suppressed alerts out of the candidates', () => {
    const filters = compileYaml(
      'filters:\n  - { name: shells, reason: r, owner: o, match: { rule: Terminal shell in container } }\n',
    );

    const report = reportOf(SAMPLE_LINES, filters);

    expect(report.candidates.map((candidate) => candidate.match.rule)).not.toContain(
      'Terminal shell in container',
    );
  });

  it('writes candidates as a valid filter file in dry-run mode', () => {
    const report = reportOf(SAMPLE_LINES);

    const yaml = formatCandidateFilters(report.candidates, NOW);
    const compiled = compileFilterSources([{ file: 'candidates.yaml', text: yaml }]);

    expect(compiled.size).toBe(report.candidates.length);
    expect(compiled.filters.every((filter) => filter.dryRun)).toBe(true);
    expect(compiled.filters[0].expires).toBe('2026-04-15');
    expect(yaml).toContain('owner: unassigned');
  });

  it('quotes alert text in candidate YAML', () => {
    const hostile = 'bash\nfilters:\n  - name: evil # comment';
    const finding = makeFinding({ fields: { 'proc.name': hostile } });
    const builder = new NoiseReportBuilder({ top: 5, minCandidateAlerts: 1, nowMs: NOW });
    builder.add(finding);

    const yaml = formatCandidateFilters(builder.build().candidates, NOW);
    const compiled = compileFilterSources([{ file: 'candidates.yaml', text: yaml }]);

    expect(compiled.size).toBe(1);
    expect(compiled.findMatch(finding, NOW)).toBeDefined();
  });

  it('formats a readable text report', () => {
    const text = formatNoiseReport(reportOf(SAMPLE_LINES, compileYaml('filters:\n')), NOW);

    expect(text).toContain('Alerts: 559');
    expect(text).toContain('Rules by alert volume:');
    expect(text).toContain('     12    2.1%  Terminal shell in container');
    expect(text).toContain('Filters would suppress 0 alerts (0.0%):');
    expect(text).toContain(
      '- name: candidate-terminal-shell-in-container-haproxy-kubernetes-ingress',
    );
    expect(text).toContain('dryRun: true');
  });
});
