import type { FalcoRule } from '../rules/falco-rule';
import { generateCorpus, type CorpusOptions } from './generate-corpus';

const OPTIONS: CorpusOptions = {
  seed: 7,
  windowStart: 1741672800000000000n,
  windowHours: 6,
  respelledPriorities: 1,
};

function rule(overrides: Partial<FalcoRule>): FalcoRule {
  return {
    name: 'Terminal shell in container',
    priority: 'Notice',
    source: 'syscall',
    tags: ['shell', 'container', 'mitre_execution', 'T1059', 'shell'],
    output:
      'A shell was spawned (user=%user.name uid=%user.uid tty=%proc.tty parent=%proc.pname gparent=%proc.aname[2])',
    enabled: true,
    file: 'test-rules.yaml',
    ...overrides,
  };
}

const RULES: FalcoRule[] = [
  rule({}),
  rule({
    name: 'Write below etc',
    priority: 'Error',
    tags: ['host', 'filesystem'],
    output: 'File below /etc opened (file=%fd.name)',
  }),
  rule({
    name: 'Noisy info rule',
    priority: 'Informational',
    tags: ['container'],
    output: 'info (cmd=%proc.cmdline)',
  }),
  rule({
    name: 'Attach/Exec Pod',
    source: 'k8s_audit',
    tags: ['k8s'],
    output:
      'Attach/Exec to pod (user=%ka.user.name pod=%ka.target.name ns=%ka.target.namespace command=%ka.uri.param[command])',
  }),
  rule({
    name: 'Console Root Login Without MFA',
    priority: 'Critical',
    source: 'aws_cloudtrail',
    tags: ['cloud', 'aws'],
    output: 'root login (user=%ct.user ip=%ct.srcip ts=%evt.time.iso8601)',
  }),
  rule({
    name: 'Custom plugin rule',
    source: 'acme_plugin',
    tags: [],
    output: 'custom (x=%acme.x)',
  }),
];

function parseLines(lines: string[]): Record<string, unknown>[] {
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('generateCorpus', () => {
  const corpus = generateCorpus(RULES, OPTIONS);
  const alerts = parseLines(corpus.lines);

  it('covers every rule', () => {
    const rulesSeen = new Set(alerts.map((alert) => alert.rule));
    for (const { name } of RULES) expect(rulesSeen).toContain(name);
  });

  it('repeats the same bytes for the same seed', () => {
    expect(generateCorpus(RULES, OPTIONS).lines).toEqual(corpus.lines);
  });

  it('changes with the seed', () => {
    expect(generateCorpus(RULES, { ...OPTIONS, seed: 8 }).lines).not.toEqual(corpus.lines);
  });

  it('orders alerts by time', () => {
    const times = corpus.lines.map(timeOf);
    for (let index = 1; index < times.length; index += 1) {
      expect(times[index] >= times[index - 1]).toBe(true);
    }
  });

  it('counts rules and alerts per source', () => {
    expect(corpus.coverage.get('syscall')).toEqual({
      rules: 3,
      alerts: alerts.filter((alert) => alert.source === 'syscall').length,
    });
    expect(corpus.coverage.get('internal')?.alerts).toBeGreaterThan(0);
  });

  it('writes evt.time as the digits of time', () => {
    for (const line of corpus.lines) {
      const match = /"evt\.time":(\d+)[,}]/.exec(line);
      if (match === null) continue;
      expect(match[1]).toHaveLength(19);
      expect(match[1]).toBe(timeOf(line).toString());
    }
  });

  it('appends the container fields to syscall alerts', () => {
    const shell = alerts.find((alert) => alert.rule === 'Terminal shell in container')!;
    const fields = shell.output_fields as Record<string, unknown>;

    expect(shell.output).toMatch(
      / container_id=\S+ container_name=\S+ container_image_repository=\S+ container_image_tag=\S+ k8s_pod_name=\S+ k8s_ns_name=\S+$/,
    );
    expect(typeof fields['k8s.pod.name']).toBe('string');
    expect(typeof fields['user.uid']).toBe('number');
    expect(typeof fields['proc.tty']).toBe('number');
  });

  it('reports a host as container "host" without pod fields', () => {
    const hostAlert = alerts.find((alert) => alert.rule === 'Write below etc')!;
    const fields = hostAlert.output_fields as Record<string, unknown>;

    expect(fields['container.id']).toBe('host');
    expect(fields['k8s.pod.name']).toBeNull();
    expect(hostAlert.output).toContain('k8s_pod_name=<NA>');
  });

  it('sorts and deduplicates tags', () => {
    const shell = alerts.find((alert) => alert.rule === 'Terminal shell in container')!;
    expect(shell.tags).toEqual(['T1059', 'container', 'mitre_execution', 'shell']);
  });

  it('prefixes the output with clock time and priority', () => {
    const root = alerts.find((alert) => alert.rule === 'Console Root Login Without MFA')!;
    const clock = (root.time as string).slice(11, 29);
    expect(root.output).toMatch(new RegExp(`^${clock}: Critical root login \\(user=root `));
    expect(root.output).toContain(`ts=${(root.time as string).slice(0, 29)}+0000`);
  });

  it('respells the requested number of priorities', () => {
    expect(alerts.filter((alert) => alert.priority === 'info')).toHaveLength(1);
    expect(alerts.filter((alert) => alert.priority === 'Informational').length).toBeGreaterThan(0);
  });

  it('gives unknown plugin fields no value', () => {
    const custom = alerts.find((alert) => alert.rule === 'Custom plugin rule')!;
    expect(custom.output).toMatch(/: Notice custom \(x=<NA>\)$/);
    expect(custom.output_fields).toMatchObject({ 'acme.x': null });
  });

  it('writes internal alerts without tags', () => {
    const internal = alerts.filter((alert) => alert.source === 'internal');
    expect(internal.length).toBeGreaterThan(0);
    for (const alert of internal) {
      expect(alert).not.toHaveProperty('tags');
      expect(alert.rule).toMatch(/^Falco internal: /);
    }
  });
});

/** Nanoseconds since the epoch of the alert's `time` string, computed without floating point. */
function timeOf(line: string): bigint {
  const time = /"time":"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\.(\d{9})Z"/.exec(line)!;
  return BigInt(Date.parse(`${time[1]}Z`) / 1000) * 1_000_000_000n + BigInt(time[2]);
}
