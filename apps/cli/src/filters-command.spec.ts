import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFiltersCommand } from './filters-command';
import { captureStream } from '../test/support/captured-streams';

const REPOSITORY = join(__dirname, '..', '..', '..');
const SAMPLE_FILTERS = join(REPOSITORY, 'samples', 'filters', 'talaria-filters.yaml');
const SAMPLE_EVENTS = join(REPOSITORY, 'samples', 'falco-events.ndjson');

async function run(args: string[]) {
  const stdout = captureStream();
  const stderr = captureStream();
  const code = await runFiltersCommand(args, { stdout: stdout.stream, stderr: stderr.stream });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe('talaria filters', () => {
  it('tests the sample filters against the sample alerts', async () => {
    const result = await run(['test', SAMPLE_FILTERS, SAMPLE_EVENTS, '--at', '2026-01-15']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'line 251: Unexpected K8s NodePort Connection: suppressed by loadtest-nodeport-traffic',
    );
    expect(result.stdout).toContain('line 1: Delete Group: not suppressed');
    expect(result.stdout).toContain(
      '559 alerts: 2 suppressed, 0 would be suppressed (dry run), 557 not suppressed, 0 invalid lines',
    );
  });

  it('prints only suppressed alerts when asked', async () => {
    const result = await run(['test', '--only-suppressed', SAMPLE_FILTERS, SAMPLE_EVENTS]);

    expect(result.stdout.split('\n').filter((line) => line.startsWith('line '))).toHaveLength(2);
  });

  it('exits 1 on an invalid filter file', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'filters-command-'));
    const invalid = join(directory, 'invalid.yaml');
    writeFileSync(
      invalid,
      'filters:\n  - { name: a, reason: r, owner: o, match: { rule: { regex: x } } }\n',
    );

    const result = await run(['test', invalid, SAMPLE_EVENTS]);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${invalid}:2: filters[0].match.rule.regex: unknown operator "regex"`,
    );
    expect(result.stdout).toBe('');
  });

  it('validates filter files', async () => {
    const result = await run(['validate', SAMPLE_FILTERS]);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('4 filters are valid');
  });

  it('reports expired filters when asked for a later time', async () => {
    const result = await run([
      'test',
      SAMPLE_FILTERS,
      SAMPLE_EVENTS,
      '--at',
      '2027-07-01',
      '--only-suppressed',
    ]);

    expect(result.stdout).toContain(
      'line 251: Unexpected K8s NodePort Connection: not suppressed (expired filters also match: loadtest-nodeport-traffic)',
    );
  });

  it('writes JSON for tools', async () => {
    const result = await run(['test', SAMPLE_FILTERS, SAMPLE_EVENTS, '--format', 'json']);
    const output = JSON.parse(result.stdout) as {
      summary: { suppressed: number; perFilter: Record<string, number> };
    };

    expect(output.summary.suppressed).toBe(2);
    expect(output.summary.perFilter['ledger-reconcile-rpm-inventory']).toBe(1);
  });

  it('exits 2 on usage errors', async () => {
    expect((await run(['test', SAMPLE_FILTERS])).code).toBe(2);
    expect((await run(['check', SAMPLE_FILTERS])).code).toBe(2);
    expect((await run(['test', SAMPLE_FILTERS, SAMPLE_EVENTS, '--at', 'soon'])).code).toBe(2);
    expect((await run(['test', SAMPLE_FILTERS, '/nonexistent/events.ndjson'])).code).toBe(2);
  });
});
