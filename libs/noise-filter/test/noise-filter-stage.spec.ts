import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { parseJson } from '@talaria/falco-event';
import type { DeadLetterRecord } from '@talaria/notifiers';
import { createSuppressedEventsFile, NoiseFilterStage, type NoiseFinding } from '../src';
import { compileYaml } from './support/filters';
import { makeFinding } from './support/findings';
import { captureLogger, metricValue } from './support/telemetry';

const FILTERS = `
filters:
  - name: loadtest-namespaces
    reason: load tests run arbitrary tools
    owner: perf-team
    match: { k8s.ns.name: loadtest }
  - name: old-cron-shell
    reason: the nightly job used to open a shell
    owner: ledger-team
    expires: 2025-01-31
    match: { k8s.ns.name: payments, proc.name: bash }
  - name: trial-filter
    reason: checking what this would remove
    owner: sec
    dryRun: true
    match: { k8s.ns.name: checkout }
`;

const FEBRUARY_2025 = Date.parse('2025-02-01T00:00:00Z');
const JANUARY_2025 = Date.parse('2025-01-15T00:00:00Z');

function stage(options: { dryRun?: boolean; now?: number } = {}) {
  const registry = new Registry();
  const { logger, lines } = captureLogger();
  const filterStage = new NoiseFilterStage({
    filters: compileYaml(FILTERS),
    dryRun: options.dryRun,
    registry,
    logger,
    now: () => options.now ?? FEBRUARY_2025,
  });
  return { filterStage, registry, lines };
}

describe('NoiseFilterStage', () => {
  it('suppresses under the filter name and reason', () => {
    const { filterStage } = stage();

    const verdict = filterStage.check(makeFinding({ fields: { 'k8s.ns.name': 'loadtest' } }));

    expect(verdict).toEqual({
      suppress: true,
      filter: 'loadtest-namespaces',
      reason: 'load tests run arbitrary tools',
    });
  });

  it('passes findings no filter matches', () => {
    const { filterStage } = stage();

    expect(filterStage.check(makeFinding({ fields: { 'k8s.ns.name': 'kube-system' } }))).toEqual({
      suppress: false,
    });
  });

  it('suppresses with a filter before its expiry', () => {
    const { filterStage } = stage({ now: JANUARY_2025 });

    expect(filterStage.check(makeFinding()).suppress).toBe(true);
  });

  it('stops suppressing after expiry and counts matches', async () => {
    const { filterStage, registry, lines } = stage();

    const first = filterStage.check(makeFinding());
    const second = filterStage.check(makeFinding());

    expect(first).toEqual({ suppress: false });
    expect(second).toEqual({ suppress: false });
    expect(
      await metricValue(registry, 'talaria_filter_expired_matches_total', {
        filter: 'old-cron-shell',
      }),
    ).toBe(2);
    const matchLogs = lines.filter((line) =>
      String(line.msg).startsWith('an expired filter matched'),
    );
    expect(matchLogs).toHaveLength(1);
    expect(matchLogs[0].filter).toBe('old-cron-shell');
  });

  it('reports expired filters when loaded', async () => {
    const { registry, lines } = stage();

    const report = lines.find((line) => String(line.msg).startsWith('filters have expired'));

    expect(report?.expiredFilters).toEqual([
      {
        filter: 'old-cron-shell',
        owner: 'ledger-team',
        expires: '2025-01-31',
        file: 'filters.yaml',
        line: 7,
      },
    ]);
    expect(await metricValue(registry, 'talaria_filters_expired')).toBe(1);
    expect(await metricValue(registry, 'talaria_filters_active')).toBe(2);
  });

  it('marks instead of suppressing in dry-run mode', async () => {
    const { filterStage, registry } = stage({ dryRun: true });
    const finding = makeFinding({ fields: { 'k8s.ns.name': 'loadtest' } }) as NoiseFinding;

    const verdict = filterStage.check(finding);

    expect(verdict).toEqual({ suppress: false });
    expect(finding.noise?.wouldSuppressBy).toBe('loadtest-namespaces');
    expect(
      await metricValue(registry, 'talaria_filter_would_suppress_total', {
        filter: 'loadtest-namespaces',
      }),
    ).toBe(1);
  });

  it('honours dryRun on a single filter', () => {
    const { filterStage } = stage();
    const finding = makeFinding({ fields: { 'k8s.ns.name': 'checkout' } }) as NoiseFinding;

    expect(filterStage.check(finding)).toEqual({ suppress: false });
    expect(finding.noise?.wouldSuppressBy).toBe('trial-filter');
  });

  it('writes suppressed findings to the suppressed-events file', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'suppressed-'));
    const path = join(directory, 'suppressed.ndjson');
    const registry = new Registry();
    const { logger } = captureLogger();
    const deadLetters: DeadLetterRecord[] = [];
    const deadLetter = {
      write: async (records: DeadLetterRecord[]) => void deadLetters.push(...records),
      close: async () => undefined,
    };
    const suppressedOutput = createSuppressedEventsFile({ path, deadLetter, registry, logger });
    const filterStage = new NoiseFilterStage({
      filters: compileYaml(FILTERS),
      suppressedOutput,
      registry,
      logger,
    });
    const finding = makeFinding({ fields: { 'k8s.ns.name': 'loadtest' } });

    filterStage.check(finding);
    await suppressedOutput.drain(Date.now() + 5000);
    await suppressedOutput.close();

    expect(existsSync(path)).toBe(true);
    const written = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((line) => parseJson(line) as NoiseFinding);
    expect(written).toHaveLength(1);
    expect(written[0].id).toBe(finding.id);
    expect(written[0].noise).toEqual({
      suppressedBy: 'loadtest-namespaces',
      suppressedReason: 'load tests run arbitrary tools',
    });
    expect(written[0].alert.output_fields?.['evt.time']).toBe(1741673282123456789n);
    expect(deadLetters).toHaveLength(0);
  });

  it('counts suppressed findings it cannot write after shutdown', async () => {
    const registry = new Registry();
    const { logger, lines } = captureLogger();
    const deadLetter = { write: async () => undefined, close: async () => undefined };
    const path = join(mkdtempSync(join(tmpdir(), 'suppressed-')), 'out.ndjson');
    const suppressedOutput = createSuppressedEventsFile({ path, deadLetter, registry, logger });
    const filterStage = new NoiseFilterStage({
      filters: compileYaml(FILTERS),
      suppressedOutput,
      registry,
      logger,
    });
    await suppressedOutput.drain(Date.now() + 1000);

    const verdict = filterStage.check(makeFinding({ fields: { 'k8s.ns.name': 'loadtest' } }));

    expect(verdict.suppress).toBe(true);
    expect(await metricValue(registry, 'talaria_filter_suppressed_output_failures_total')).toBe(1);
    expect(
      lines.some((line) => String(line.msg).startsWith('writing a suppressed finding failed')),
    ).toBe(true);
    await suppressedOutput.close();
  });
});
