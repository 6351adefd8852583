import { PRIORITY_EXPECTATION } from '@talaria/falco-event';
import { FilterFileError, loadFilterFiles } from '../src';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileYaml, problemsOf } from './support/filters';

describe('filter file validation', () => {
  it('names the file, line and key of a bad operator', () => {
    const problems = problemsOf(`filters:
  - name: a
    reason: r
    owner: o
    match: { rule: x }
  - name: b
    reason: r
    owner: o
    match:
      rule: { regex: "Write.*" }
`);

    expect(problems).toEqual([
      'filters.yaml:10: filters[1].match.rule.regex: unknown operator "regex"; use one of =, !=, <, <=, >, >=, in, intersects, pmatch, startswith, endswith, contains, icontains, glob, exists',
    ]);
  });

  it('reports every problem at once', () => {
    const problems = problemsOf(`filters:
  - name: "bad name!"
    owner: o
    match: { rule: x }
  - name: c
    reason: r
    owner: o
    expires: tomorrow
    match: { priority: { ">=": Urgent } }
`);

    expect(problems).toEqual([
      'filters.yaml:2: filters[0].name: a filter needs a name of up to 128 letters, digits and _ . : / -, starting with a letter or digit; got the text "bad name!"',
      'filters.yaml:2: filters[0].reason: a filter needs reason: why the alerts it matches are not actionable',
      'filters.yaml:8: filters[1].expires: expires "tomorrow" is not a date or time; write 2026-06-30 or 2026-06-30T18:00:00Z',
    ]);
  });

  it('checks operands against the field when compiling', () => {
    const problems = problemsOf(`filters:
  - { name: c, reason: r, owner: o, match: { priority: { ">=": Urgent } } }
  - { name: d, reason: r, owner: o, match: { proc.tty: { ">": many } } }
  - { name: e, reason: r, owner: o, match: { workload.team: payments } }
  - { name: g, reason: r, owner: o, match: { fd.name: { glob: "/etc/[abc" } } }
`);

    expect(problems).toEqual([
      `filters.yaml:2: filters[0].match.priority.>=: priority: "Urgent" is not a priority; use one of ${PRIORITY_EXPECTATION}`,
      'filters.yaml:3: filters[1].match.proc.tty.>: proc.tty: > compares numbers; "many" is not a number',
      'filters.yaml:4: filters[2].match.workload.team: unknown workload property "team"; use name, kind or one of cluster, region, namespace, pod, workloadKind, workloadName, containerId, containerName, imageRepository, imageTag, imageDigest, targetNamespace, targetResource, targetName, cloudAccount, user',
      'filters.yaml:5: filters[3].match.fd.name.glob: fd.name: glob pattern has a "[" at position 6 without a closing "]"; write \\[ for a literal bracket',
    ]);
  });

  it('rejects unknown keys', () => {
    expect(problemsOf('filter:\n  - name: a\n')).toEqual([
      'filters.yaml:1: filter: unknown key "filter"; a filter file has lists, macros and filters',
    ]);
    expect(
      problemsOf('filters:\n  - { name: a, reason: r, owner: o, matches: { rule: x } }\n')[0],
    ).toContain('filters[0].matches: unknown key "matches" in a filter');
  });

  it('rejects a filter without match or exceptions', () => {
    expect(problemsOf('filters:\n  - { name: a, reason: r, owner: o }\n')).toEqual([
      'filters.yaml:2: filters[0]: a filter needs match, exceptions or both; without them it would suppress every alert',
    ]);
  });

  it('rejects an empty match and a missing value', () => {
    expect(problemsOf('filters:\n  - { name: a, reason: r, owner: o, match: {} }\n')[0]).toContain(
      'a condition must not be empty',
    );
    expect(
      problemsOf(
        'filters:\n  - name: a\n    reason: r\n    owner: o\n    match:\n      proc.name:\n',
      ),
    ).toEqual([
      'filters.yaml:6: filters[0].match.proc.name: has no value; give a value to compare, or write "exists: true" to test presence',
    ]);
  });

  it('rejects = with a list', () => {
    expect(
      problemsOf(
        'filters:\n  - { name: a, reason: r, owner: o, match: { proc.name: { "=": [a, b] } } }\n',
      )[0],
    ).toContain('= takes a single value; got a list; use "in" to match any of several values');
  });

  it('reports YAML syntax errors with their line', () => {
    const problems = problemsOf('filters:\n  - name: a\n    reason: [unclosed\n');

    expect(problems[0]).toMatch(/^filters\.yaml:\d+: : invalid YAML: /);
  });

  it('reports duplicate keys', () => {
    const problems = problemsOf(
      'filters:\n  - name: a\n    name: b\n    reason: r\n    owner: o\n    match: { rule: x }\n',
    );

    expect(problems[0]).toContain('invalid YAML');
  });

  it('rejects a filter name used twice across files', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'noise-filter-'));
    const first = join(directory, 'a.yaml');
    const second = join(directory, 'b.yaml');
    writeFileSync(first, 'filters:\n  - { name: same, reason: r, owner: o, match: { rule: x } }\n');
    writeFileSync(
      second,
      '\nfilters:\n  - { name: same, reason: r, owner: o, match: { rule: y } }\n',
    );

    const error = await loadFilterFiles([first, second]).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(FilterFileError);
    expect((error as FilterFileError).message).toContain(
      `${second}:3: filters[0]: filter name "same" is already used at ${first}:2; give each filter a unique name`,
    );
  });

  it('reports a file that cannot be read', async () => {
    const error = (await loadFilterFiles(['/nonexistent/filters.yaml']).catch(
      (caught: unknown) => caught,
    )) as FilterFileError;

    expect(error.problems[0].file).toBe('/nonexistent/filters.yaml');
    expect(error.problems[0].message).toContain('cannot read the filter file');
  });

  it('accepts an empty file', () => {
    expect(compileYaml('').size).toBe(0);
    expect(compileYaml('filters:\n').size).toBe(0);
  });
});
