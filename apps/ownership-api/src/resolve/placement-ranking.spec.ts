import type { PlacementCandidate } from '../repositories/resolve.repository';
import { bestPlacements, describePlacement } from './placement-ranking';

function candidate(overrides: Partial<PlacementCandidate>): PlacementCandidate {
  return {
    index: 0,
    nameRank: 0,
    serviceName: 'payments-api',
    cluster: null,
    namespace: 'payments',
    workloadKind: 'Deployment',
    workloadName: 'payments-api',
    labelSelector: null,
    source: 'backstage:repos/payments-api/catalog-info.yaml',
    observedAt: new Date('2025-03-01T00:00:00Z'),
    ...overrides,
  };
}

function winner(candidates: PlacementCandidate[]): string {
  return bestPlacements(candidates).get(0)![0].serviceName;
}

describe('bestPlacements', () => {
  it('prefers an earlier workload name', () => {
    expect(
      winner([
        candidate({ serviceName: 'loose', nameRank: 1 }),
        candidate({ serviceName: 'strict', nameRank: 0 }),
      ]),
    ).toBe('strict');
  });

  it('prefers the larger label selector', () => {
    const small = candidate({
      serviceName: 'small',
      workloadName: null,
      labelSelector: { app: 'api' },
    });
    const large = candidate({
      serviceName: 'large',
      workloadName: null,
      labelSelector: { app: 'api', tier: 'web' },
    });

    expect(winner([small, large])).toBe('large');
  });

  it('prefers a named cluster over any cluster', () => {
    expect(
      winner([
        candidate({ serviceName: 'any' }),
        candidate({ serviceName: 'named', cluster: 'prod-eu-west-1' }),
      ]),
    ).toBe('named');
  });

  it('prefers a named namespace over any namespace', () => {
    expect(
      winner([
        candidate({ serviceName: 'any', namespace: null }),
        candidate({ serviceName: 'named' }),
      ]),
    ).toBe('named');
  });

  it('prefers the newest fact on a tie', () => {
    const older = candidate({ serviceName: 'older' });
    const newer = candidate({ serviceName: 'newer', observedAt: new Date('2025-03-02T00:00:00Z') });

    expect(winner([older, newer])).toBe('newer');
  });

  it('groups candidates by query', () => {
    const ranked = bestPlacements([
      candidate({ index: 0 }),
      candidate({ index: 3, serviceName: 'other' }),
    ]);

    expect([...ranked.keys()]).toEqual([0, 3]);
  });
});

describe('describePlacement', () => {
  it('names the placement and its source', () => {
    expect(describePlacement([candidate({ cluster: 'prod-eu-west-1' })])).toBe(
      'workload Deployment/payments-api, namespace payments, cluster prod-eu-west-1 (source backstage:repos/payments-api/catalog-info.yaml)',
    );
  });

  it('names services placed as specifically', () => {
    const newer = candidate({
      serviceName: 'payments-api-v2',
      observedAt: new Date('2025-03-05T00:00:00Z'),
    });
    const ranked = bestPlacements([candidate({}), newer]).get(0)!;

    expect(describePlacement(ranked)).toContain('also placed for payments-api (newest fact wins)');
  });
});
