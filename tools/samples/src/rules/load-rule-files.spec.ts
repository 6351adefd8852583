import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRuleFiles } from './load-rule-files';
import { RuleFileError } from './rule-file-error';

describe('loadRuleFiles', () => {
  let directory: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'talaria-rules-'));
  });

  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  function ruleFile(name: string, yaml: string): string {
    const path = join(directory, name);
    writeFileSync(path, yaml);
    return path;
  }

  const SHELL_RULE = `
- required_engine_version: 10
- list: shell_binaries
  items: [bash, sh]
- macro: spawned_process
  condition: evt.type = execve
- rule: Shell in pod
  desc: example
  condition: spawned_process and proc.name in (shell_binaries)
  output: >
    Shell started (user=%user.name
    command=%proc.cmdline)
  priority: INFO
  tags: [container, shell, 1059]
`;

  it('reads rules and skips lists and macros', () => {
    const rules = loadRuleFiles([ruleFile('rules.yaml', SHELL_RULE)]);

    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({
      name: 'Shell in pod',
      priority: 'Informational',
      source: 'syscall',
      tags: ['container', 'shell', '1059'],
      output: 'Shell started (user=%user.name command=%proc.cmdline)',
      enabled: true,
    });
  });

  it('keeps the declared source', () => {
    const path = ruleFile(
      'audit.yaml',
      '- rule: Exec\n  condition: ka.verb=create\n  output: exec (user=%ka.user.name)\n  priority: NOTICE\n  source: k8s_audit\n',
    );
    expect(loadRuleFiles([path])[0].source).toBe('k8s_audit');
  });

  it('applies override and append from a later file', () => {
    const base = ruleFile('base.yaml', SHELL_RULE);
    const local = ruleFile(
      'local.yaml',
      `
- rule: Shell in pod
  output: pod=%k8s.pod.name
  tags: [team_payments]
  priority: WARNING
  override:
    output: append
    tags: replace
    priority: replace
- rule: Shell in pod
  append: true
  tags: [reviewed]
- rule: Shell in pod
  enabled: false
`,
    );

    const [rule] = loadRuleFiles([base, local]);

    expect(rule.output).toBe(
      'Shell started (user=%user.name command=%proc.cmdline) pod=%k8s.pod.name',
    );
    expect(rule.tags).toEqual(['team_payments', 'reviewed']);
    expect(rule.priority).toBe('Warning');
    expect(rule.enabled).toBe(false);
  });

  it.each([
    [
      'a missing output',
      '- rule: R\n  priority: NOTICE\n',
      'rule "R" (item 1) is missing "output"',
    ],
    [
      'an unknown priority',
      '- rule: R\n  output: x\n  priority: Urgent\n',
      'unknown priority "Urgent"',
    ],
    [
      'tags that are not a list',
      '- rule: R\n  output: x\n  priority: INFO\n  tags: shell\n',
      '"tags" must be a list',
    ],
    [
      'an override of an unknown rule',
      '- rule: R\n  output: x\n  override:\n    output: append\n',
      'no earlier file defines',
    ],
    [
      'a bad override mode',
      '- rule: R\n  output: x\n  priority: INFO\n- rule: R\n  output: y\n  override:\n    output: merge\n',
      'use append or replace',
    ],
    ['a top level that is not a list', 'rule: R\n', 'must be a list of rules'],
    ['an item of unknown kind', '- plugin: k8saudit\n', 'expected one of rule, macro'],
  ])('rejects %s', (_case, yaml, message) => {
    const path = ruleFile('bad.yaml', yaml);
    expect(() => loadRuleFiles([path])).toThrow(RuleFileError);
    expect(() => loadRuleFiles([path])).toThrow(message);
  });

  it('names the line of invalid YAML', () => {
    const path = ruleFile('broken.yaml', '- rule: R\n  output: [unclosed\n  priority: INFO\n');
    expect(() => loadRuleFiles([path])).toThrow(/broken\.yaml: invalid YAML at line \d+/);
  });

  it('names a missing file', () => {
    const path = join(directory, 'absent.yaml');
    expect(() => loadRuleFiles([path])).toThrow(
      `${path}: cannot read the file (ENOENT); check the path.`,
    );
  });

  it('rejects an empty list of files', () => {
    expect(() => loadRuleFiles([])).toThrow('no rule files given');
  });
});
