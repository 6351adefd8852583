import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runNoiseReportCommand } from './noise-report-command';

const REPOSITORY = join(__dirname, '..', '..', '..');
const SAMPLE_FILTERS = join(REPOSITORY, 'samples', 'filters', 'talaria-filters.yaml');
const SAMPLE_EVENTS = join(REPOSITORY, 'samples', 'falco-events.ndjson');

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        append(String(chunk));
        done();
      },
    });
  const code = await runNoiseReportCommand(args, {
    stdout: sink((text) => (stdout += text)),
    stderr: sink((text) => (stderr += text)),
  });
  return { code, stdout, stderr };
}

describe('talaria noise-report', () => {
  it('reports the sample alerts with the sample filters', async () => {
    const result = await run([SAMPLE_EVENTS, '--filters', SAMPLE_FILTERS, '--top', '3']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Alerts: 559');
    expect(result.stdout).toContain('Filters would suppress 2 alerts (0.4%):');
    expect(result.stdout).toContain('dryRun: true');
  });

  it('writes the candidate filters to a file', async () => {
    const candidates = join(mkdtempSync(join(tmpdir(), 'noise-report-')), 'candidates.yaml');

    const result = await run([SAMPLE_EVENTS, '--candidates', candidates, '--top', '2']);

    expect(result.code).toBe(0);
    expect(readFileSync(candidates, 'utf8').match(/- name: candidate-/g)).toHaveLength(2);
  });

  it('writes JSON for tools', async () => {
    const result = await run([SAMPLE_EVENTS, '--format', 'json', '--top', '1']);
    const report = JSON.parse(result.stdout) as { total: number; rules: Array<{ value: string }> };

    expect(report.total).toBe(559);
    expect(report.rules[0].value).toBe('Terminal shell in container');
  });

  it('exits 1 on an invalid filter file and 2 on usage errors', async () => {
    expect((await run([SAMPLE_EVENTS, '--filters', SAMPLE_EVENTS])).code).toBe(1);
    expect((await run([])).code).toBe(2);
    expect((await run([SAMPLE_EVENTS, '--top', '0'])).code).toBe(2);
    expect((await run(['/nonexistent/events.ndjson'])).code).toBe(2);
  });
});
