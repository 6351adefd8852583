import { compileYaml, problemsOf } from './support/filters';
import { makeFinding } from './support/findings';

// Exceptions written exactly as they would sit under a rule in falco_rules.local.yaml.
const FALCO_STYLE = `
lists:
  - name: config_renderers
    items: [confd, consul-template]
filters:
  - name: write-below-etc-exceptions
    reason: moved from falco_rules.local.yaml
    owner: platform
    match:
      rule: Write below etc
    exceptions:
      - name: proc_writer
        fields: [proc.name, fd.directory]
        comps: [=, =]
        values:
          - [haproxy, /etc/haproxy]
          - [dataplaneapi, /etc/haproxy/maps]
      - name: renderer_prefix
        fields: [proc.name, fd.name]
        comps: [in, startswith]
        values:
          - [config_renderers, /etc/app/]
          - [[envsubst, gomplate], /etc/nginx/]
      - name: known_images
        fields: container.image.repository
        values: [haproxytech/kubernetes-ingress, docker.io/library/haproxy]
      - name: glob_paths
        fields: fd.name
        comps: glob
        values: ["/etc/ssl/certs/*.pem"]
`;

function write(fields: Record<string, string>) {
  return makeFinding({ rule: 'Write below etc', priority: 'Error', fields });
}

describe('exceptions', () => {
  const set = compileYaml(FALCO_STYLE);
  const now = Date.now();

  it('suppresses when every field of a tuple compares true', () => {
    expect(
      set.findMatch(write({ 'proc.name': 'haproxy', 'fd.directory': '/etc/haproxy' }), now),
    ).toBeDefined();
    expect(
      set.findMatch(
        write({ 'proc.name': 'dataplaneapi', 'fd.directory': '/etc/haproxy/maps' }),
        now,
      ),
    ).toBeDefined();
  });

  it('does not suppress when only part of a tuple matches', () => {
    expect(
      set.findMatch(write({ 'proc.name': 'haproxy', 'fd.directory': '/etc/cron.d' }), now),
    ).toBeUndefined();
    expect(
      set.findMatch(write({ 'proc.name': 'bash', 'fd.directory': '/etc/haproxy' }), now),
    ).toBeUndefined();
  });

  it('uses the comps of each field', () => {
    expect(
      set.findMatch(write({ 'proc.name': 'confd', 'fd.name': '/etc/app/settings.toml' }), now),
    ).toBeDefined();
    expect(
      set.findMatch(write({ 'proc.name': 'gomplate', 'fd.name': '/etc/nginx/nginx.conf' }), now),
    ).toBeDefined();
    expect(
      set.findMatch(write({ 'proc.name': 'gomplate', 'fd.name': '/etc/app/settings.toml' }), now),
    ).toBeUndefined();
  });

  it('reads the single-field form with in by default', () => {
    const finding = write({
      'proc.name': 'sh',
      'container.image.repository': 'haproxytech/kubernetes-ingress',
    });

    expect(set.findMatch(finding, now)?.name).toBe('write-below-etc-exceptions');
  });

  it('reads the single-field form with another comparison', () => {
    expect(set.findMatch(write({ 'fd.name': '/etc/ssl/certs/acme-root.pem' }), now)).toBeDefined();
    expect(set.findMatch(write({ 'fd.name': '/etc/ssl/private/key.pem' }), now)).toBeUndefined();
  });

  it('applies only where the match holds', () => {
    const otherRule = makeFinding({
      rule: 'Read sensitive file untrusted',
      fields: { 'proc.name': 'haproxy', 'fd.directory': '/etc/haproxy' },
    });

    expect(set.findMatch(otherRule, now)).toBeUndefined();
  });

  it('works without a match', () => {
    const onlyExceptions = compileYaml(`
filters:
  - name: nightly-backup
    reason: the backup job reads everything
    owner: storage
    exceptions:
      - { name: backup, fields: [proc.name, k8s.ns.name], values: [[restic, backup]] }
`);

    expect(
      onlyExceptions.findMatch(
        makeFinding({ fields: { 'proc.name': 'restic', 'k8s.ns.name': 'backup' } }),
        now,
      ),
    ).toBeDefined();
    expect(
      onlyExceptions.findMatch(
        makeFinding({ fields: { 'proc.name': 'restic', 'k8s.ns.name': 'payments' } }),
        now,
      ),
    ).toBeUndefined();
  });

  it('rejects a tuple of the wrong length', () => {
    const problems = problemsOf(`filters:
  - name: f
    reason: r
    owner: o
    exceptions:
      - name: e
        fields: [proc.name, fd.name]
        values:
          - [haproxy]
`);

    expect(problems).toEqual([
      'filters.yaml:9: filters[0].exceptions[0].values[0]: each tuple must be a list of 2 values, one per field (proc.name, fd.name); got a list',
    ]);
  });

  it('rejects comps of the wrong length and unknown comparisons', () => {
    expect(
      problemsOf(`filters:
  - name: f
    reason: r
    owner: o
    exceptions:
      - { name: e, fields: [proc.name, fd.name], comps: [=], values: [[a, b]] }
`)[0],
    ).toContain('comps must be a list of 2 operators, one per field');

    expect(
      problemsOf(`filters:
  - name: f
    reason: r
    owner: o
    exceptions:
      - { name: e, fields: [proc.name], comps: [regex], values: [[a]] }
`)[0],
    ).toContain('unknown comparison the text "regex"');
  });

  it('rejects an exception without a name or values', () => {
    const problems = problemsOf(`filters:
  - name: f
    reason: r
    owner: o
    exceptions:
      - { fields: [proc.name] }
`);

    expect(problems).toContain(
      'filters.yaml:6: filters[0].exceptions[0]: an exception needs a name, as in Falco rule exceptions',
    );
    expect(problems).toContain(
      'filters.yaml:6: filters[0].exceptions[0]: an exception needs values to compare the fields with',
    );
  });
});
