import { makeFinding } from '../test/support/findings';
import { matchesRoute } from './routing';

describe('matchesRoute', () => {
  it.each([
    ['Emergency', 'Warning', true],
    ['Critical', 'Warning', true],
    ['Warning', 'Warning', true],
    ['Notice', 'Warning', false],
    ['Debug', 'Informational', false],
    ['Debug', 'Debug', true],
    ['Alert', 'Emergency', false],
  ] as const)('priority %s against minimum %s is %s', (priority, minPriority, expected) => {
    expect(matchesRoute(makeFinding({ priority }), { minPriority })).toBe(expected);
  });

  it('filters by rule', () => {
    const finding = makeFinding();

    expect(
      matchesRoute(finding, { minPriority: 'Debug', rules: ['Terminal shell in container'] }),
    ).toBe(true);
    expect(matchesRoute(finding, { minPriority: 'Debug', rules: ['Write below etc'] })).toBe(false);
  });

  it('treats empty lists as any', () => {
    expect(
      matchesRoute(makeFinding(), { minPriority: 'Debug', rules: [], sources: [], tags: [] }),
    ).toBe(true);
  });

  it('filters by source, defaulting to syscall', () => {
    const finding = makeFinding();
    const audit = makeFinding();
    audit.alert.source = 'k8s_audit';
    delete finding.alert.source;

    expect(matchesRoute(finding, { minPriority: 'Debug', sources: ['syscall'] })).toBe(true);
    expect(matchesRoute(audit, { minPriority: 'Debug', sources: ['syscall'] })).toBe(false);
  });

  it('needs one shared tag', () => {
    const finding = makeFinding();

    expect(
      matchesRoute(finding, { minPriority: 'Debug', tags: ['mitre_execution', 'shell'] }),
    ).toBe(true);
    expect(matchesRoute(finding, { minPriority: 'Debug', tags: ['mitre_execution'] })).toBe(false);
  });

  it('rejects an untagged finding when tags are required', () => {
    const finding = makeFinding();
    delete finding.alert.tags;

    expect(matchesRoute(finding, { minPriority: 'Debug', tags: ['shell'] })).toBe(false);
  });

  it('requires every condition', () => {
    const route = { minPriority: 'Critical' as const, tags: ['shell'] };

    expect(matchesRoute(makeFinding({ priority: 'Warning' }), route)).toBe(false);
    expect(matchesRoute(makeFinding({ priority: 'Critical' }), route)).toBe(true);
  });

  it('filters by owner criticality, ignoring case', () => {
    const route = { minPriority: 'Debug' as const, criticalities: ['High', 'critical'] };
    const owned = (criticality?: string) =>
      makeFinding({
        owner: {
          status: 'known',
          service: 'checkout',
          team: 'payments',
          criticality,
          matchedBy: 'namespace label',
        },
      });

    expect(matchesRoute(owned('high'), route)).toBe(true);
    expect(matchesRoute(owned('CRITICAL'), route)).toBe(true);
    expect(matchesRoute(owned('low'), route)).toBe(false);
    expect(matchesRoute(owned(undefined), route)).toBe(false);
    expect(matchesRoute(makeFinding(), route)).toBe(false);
  });

  it('matches unknown owners only when listed', () => {
    const route = { minPriority: 'Debug' as const, criticalities: ['high', 'unknown'] };
    const ownedWithoutCriticality = makeFinding({
      owner: { status: 'known', service: 'checkout', team: 'payments', matchedBy: 'image' },
    });

    expect(matchesRoute(makeFinding(), route)).toBe(true);
    expect(matchesRoute(ownedWithoutCriticality, route)).toBe(true);
    expect(matchesRoute(makeFinding(), { minPriority: 'Debug', criticalities: [] })).toBe(true);
  });

  it('delivers an unknown priority everywhere', () => {
    const finding = makeFinding();
    (finding as { priority: string }).priority = 'Bogus';

    expect(matchesRoute(finding, { minPriority: 'Emergency' })).toBe(true);
  });
});
