import { compileFilterSources } from '../src';
import { compileYaml, problemsOf } from './support/filters';
import { makeFinding } from './support/findings';

const HAPROXY_FILE = `
lists:
  - name: haproxy_writer_processes
    items: [haproxy, dataplaneapi]
  - name: haproxy_writer_processes
    append: true
    items: [acme-haproxy-init]
macros:
  - name: haproxy_config_writer
    condition:
      proc.name: { in: haproxy_writer_processes }
      fd.name: { startswith: /etc/haproxy/ }
  - name: haproxy_config_writer
    append: true
    condition:
      proc.name: render-config
      proc.pname: acme-haproxy-init
      fd.name: { startswith: /etc/haproxy/ }
filters:
  - name: haproxy-startup-config
    reason: HAProxy rewrites its configuration at start
    owner: platform-networking
    match:
      rule: Write below etc
      macro: haproxy_config_writer
`;

function writeBelowEtc(process: string, file: string, parent = 'runc') {
  return makeFinding({
    rule: 'Write below etc',
    priority: 'Error',
    fields: { 'proc.name': process, 'proc.pname': parent, 'fd.name': file },
  });
}

describe('lists', () => {
  it('expands a list named by in', () => {
    const set = compileYaml(HAPROXY_FILE);

    expect(
      set.findMatch(writeBelowEtc('haproxy', '/etc/haproxy/haproxy.cfg'), Date.now())?.name,
    ).toBe('haproxy-startup-config');
    expect(
      set.findMatch(writeBelowEtc('dataplaneapi', '/etc/haproxy/maps/a.map'), Date.now()),
    ).toBeDefined();
  });

  it('includes items appended to a list', () => {
    const set = compileYaml(HAPROXY_FILE);

    expect(
      set.findMatch(writeBelowEtc('acme-haproxy-init', '/etc/haproxy/haproxy.cfg'), Date.now()),
    ).toBeDefined();
  });

  it('expands list names inside a list of values', () => {
    const set = compileYaml(`
lists:
  - { name: shells, items: [sh, bash] }
  - { name: all_shells, items: [shells, zsh] }
filters:
  - name: shells-in-ci
    reason: CI runners open shells
    owner: ci
    match: { proc.name: [all_shells, fish] }
`);

    expect(
      set.findMatch(makeFinding({ fields: { 'proc.name': 'bash' } }), Date.now()),
    ).toBeDefined();
    expect(
      set.findMatch(makeFinding({ fields: { 'proc.name': 'zsh' } }), Date.now()),
    ).toBeDefined();
    expect(
      set.findMatch(makeFinding({ fields: { 'proc.name': 'fish' } }), Date.now()),
    ).toBeDefined();
    expect(
      set.findMatch(makeFinding({ fields: { 'proc.name': 'python3' } }), Date.now()),
    ).toBeUndefined();
  });

  it('keeps a single pattern literal even when it names a list', () => {
    const set = compileYaml(`
lists:
  - { name: shells, items: [sh, bash] }
filters:
  - name: literal
    reason: test
    owner: sec
    match: { proc.name: { startswith: shells } }
`);

    expect(
      set.findMatch(makeFinding({ fields: { 'proc.name': 'shells-helper' } }), Date.now()),
    ).toBeDefined();
    expect(
      set.findMatch(makeFinding({ fields: { 'proc.name': 'bash' } }), Date.now()),
    ).toBeUndefined();
  });

  it('merges lists across files in order', () => {
    const set = compileFilterSources([
      { file: 'base.yaml', text: 'lists:\n  - { name: loadtest_namespaces, items: [loadtest] }\n' },
      {
        file: 'team.yaml',
        text: `lists:
  - { name: loadtest_namespaces, append: true, items: [perf] }
filters:
  - { name: loadtest, reason: load tests, owner: perf-team, match: { k8s.ns.name: { in: loadtest_namespaces } } }
`,
      },
    ]);

    expect(
      set.findMatch(makeFinding({ fields: { 'k8s.ns.name': 'perf' } }), Date.now()),
    ).toBeDefined();
    expect(
      set.findMatch(makeFinding({ fields: { 'k8s.ns.name': 'loadtest' } }), Date.now()),
    ).toBeDefined();
  });

  it('rejects an undefined list with its place', () => {
    const problems = problemsOf(`filters:
  - name: f
    reason: r
    owner: o
    match:
      proc.name: { in: no_such_list }
`);

    expect(problems).toEqual([
      'filters.yaml:6: filters[0].match.proc.name.in: list "no_such_list" is not defined; define it under lists or write the values as a list',
    ]);
  });

  it('rejects a list defined twice without append', () => {
    const problems = problemsOf(
      'lists:\n  - { name: a, items: [x] }\n  - { name: a, items: [y] }\n',
    );

    expect(problems).toEqual([
      'filters.yaml:3: lists[1]: list "a" is already defined at filters.yaml:2; add append: true to extend it',
    ]);
  });

  it('rejects append to a list not defined before', () => {
    const problems = problemsOf('lists:\n  - { name: a, append: true, items: [x] }\n');

    expect(problems[0]).toContain(
      'list "a" has append: true but no list of that name is defined before it',
    );
  });
});

describe('macros', () => {
  it('matches through a macro', () => {
    const set = compileYaml(HAPROXY_FILE);

    expect(
      set.findMatch(writeBelowEtc('haproxy', '/etc/haproxy/haproxy.cfg'), Date.now()),
    ).toBeDefined();
  });

  it('does not match when the macro fails', () => {
    const set = compileYaml(HAPROXY_FILE);

    expect(set.findMatch(writeBelowEtc('bash', '/etc/ld.so.preload'), Date.now())).toBeUndefined();
    expect(set.findMatch(writeBelowEtc('haproxy', '/etc/shadow'), Date.now())).toBeUndefined();
  });

  it('matches the condition appended to a macro', () => {
    const set = compileYaml(HAPROXY_FILE);

    expect(
      set.findMatch(
        writeBelowEtc('render-config', '/etc/haproxy/haproxy.cfg', 'acme-haproxy-init'),
        Date.now(),
      ),
    ).toBeDefined();
    expect(
      set.findMatch(writeBelowEtc('render-config', '/etc/haproxy/haproxy.cfg', 'bash'), Date.now()),
    ).toBeUndefined();
  });

  it('lets macros use other macros', () => {
    const set = compileYaml(`
macros:
  - { name: in_container, condition: { container.id: { "!=": host } } }
  - { name: shell_in_container, condition: { macro: in_container, proc.name: [sh, bash] } }
filters:
  - { name: f, reason: r, owner: o, match: { macro: shell_in_container } }
`);

    expect(
      set.findMatch(makeFinding({ fields: { 'container.id': 'abc' } }), Date.now()),
    ).toBeDefined();
    expect(
      set.findMatch(makeFinding({ fields: { 'container.id': 'host' } }), Date.now()),
    ).toBeUndefined();
  });

  it('rejects a macro cycle', () => {
    const problems = problemsOf(`
macros:
  - { name: a, condition: { macro: b } }
  - { name: b, condition: { macro: a } }
filters:
  - { name: f, reason: r, owner: o, match: { macro: a } }
`);

    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('macro "a" refers to itself (a -> b -> a)');
  });

  it('rejects an undefined macro', () => {
    const problems = problemsOf(
      'filters:\n  - { name: f, reason: r, owner: o, match: { macro: missing } }\n',
    );

    expect(problems).toEqual([
      'filters.yaml:2: filters[0].match.macro: macro "missing" is not defined; define it under macros',
    ]);
  });
});
