import { formatVerdict, summarizeVerdicts, testEvent } from '../src';
import { compileYaml } from './support/filters';
import { makeFinding } from './support/findings';

const FILTERS = compileYaml(`
filters:
  - { name: loadtest, reason: load tests, owner: perf, match: { k8s.ns.name: loadtest } }
  - { name: trial, reason: trying, owner: sec, dryRun: true, match: { k8s.ns.name: checkout } }
  - { name: retired, reason: old, owner: sec, expires: 2020-01-01, match: { proc.name: bash } }
  - { name: unused, reason: never matches, owner: sec, match: { rule: No such rule } }
`);
const NOW = Date.parse('2026-01-15T00:00:00Z');

describe('filters test', () => {
  const loadtest = testEvent(
    FILTERS,
    makeFinding({ fields: { 'k8s.ns.name': 'loadtest' } }),
    1,
    NOW,
  );
  const checkout = testEvent(
    FILTERS,
    makeFinding({ fields: { 'k8s.ns.name': 'checkout' } }),
    2,
    NOW,
  );
  const payments = testEvent(
    FILTERS,
    makeFinding({ fields: { 'k8s.ns.name': 'payments' } }),
    3,
    NOW,
  );

  it('names the suppressing filter', () => {
    expect(loadtest).toMatchObject({
      line: 1,
      filter: 'loadtest',
      reason: 'load tests',
      dryRun: false,
    });
    expect(formatVerdict(loadtest)).toBe(
      'line 1: Terminal shell in container: suppressed by loadtest',
    );
  });

  it('marks dry-run filters', () => {
    expect(formatVerdict(checkout)).toBe(
      'line 2: Terminal shell in container: would be suppressed (dry run) by trial',
    );
  });

  it('reports expired filters that match', () => {
    expect(payments.filter).toBeUndefined();
    expect(formatVerdict(payments)).toBe(
      'line 3: Terminal shell in container: not suppressed (expired filters also match: retired)',
    );
  });

  it('escapes control characters in rule names', () => {
    const verdict = testEvent(FILTERS, makeFinding({ rule: 'Evil\u001b[2J rule' }), 4, NOW);

    expect(formatVerdict(verdict)).toContain('Evil\\x1b[2J rule');
  });

  it('summarizes per filter with zeros', () => {
    const summary = summarizeVerdicts(FILTERS, [loadtest, checkout, payments], 1);

    expect(summary).toEqual({
      events: 3,
      suppressed: 1,
      wouldSuppress: 1,
      passed: 1,
      invalidLines: 1,
      perFilter: { loadtest: 1, trial: 1, retired: 0, unused: 0 },
    });
  });
});
