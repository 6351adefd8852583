import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGenerateCommand } from './generate-command';

const RULES = `
- rule: Terminal shell in container
  desc: example
  condition: evt.type = execve
  output: Shell (user=%user.name)
  priority: NOTICE
  tags: [container, shell]
`;

describe('runGenerateCommand', () => {
  let directory: string;
  let output: { out: string; err: string };
  const streams = {
    stdout: { write: (text: string) => (output.out += text) },
    stderr: { write: (text: string) => (output.err += text) },
  };

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'talaria-generate-'));
    output = { out: '', err: '' };
  });

  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('writes both files and prints coverage', () => {
    const rules = join(directory, 'rules.yaml');
    writeFileSync(rules, RULES);
    const corpus = join(directory, 'out', 'alerts.ndjson');
    const malformed = join(directory, 'out', 'malformed.ndjson');

    const status = runGenerateCommand(
      [rules, '--out', corpus, '--malformed-out', malformed, '--hours', '2'],
      streams,
    );

    expect(status).toBe(0);
    const lines = readFileSync(corpus, 'utf8').trimEnd().split('\n');
    expect(lines.some((line) => line.includes('"rule":"Terminal shell in container"'))).toBe(true);
    expect(readFileSync(malformed, 'utf8').split('\n').length).toBeGreaterThan(30);
    expect(output.out).toMatch(/syscall\s+1 rules\s+\d+ alerts/);
    expect(output.err).toBe('');
  });

  it('reports an invalid rule file', () => {
    const rules = join(directory, 'bad.yaml');
    writeFileSync(rules, '- rule: R\n  output: x\n  priority: Urgent\n');

    expect(runGenerateCommand([rules, '--out', join(directory, 'a.ndjson')], streams)).toBe(1);
    expect(output.err).toContain('unknown priority "Urgent"');
  });

  it.each([
    [[], 'Missing rule files'],
    [['rules.yaml', '--seed=-1'], 'Invalid --seed "-1"'],
    [['rules.yaml', '--start', 'yesterday'], 'Invalid --start "yesterday"'],
    [['rules.yaml', '--hours', '0'], 'Invalid --hours "0"'],
  ])('rejects arguments %p', (argv, message) => {
    expect(runGenerateCommand(argv, streams)).toBe(2);
    expect(output.err).toContain(message);
    expect(output.err).toContain('Run with --help for usage.');
  });

  it('prints help', () => {
    expect(runGenerateCommand(['--help'], streams)).toBe(0);
    expect(output.out).toContain('--seed N');
  });
});
