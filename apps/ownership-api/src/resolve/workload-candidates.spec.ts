import { workloadCandidates } from './workload-candidates';

describe('workloadCandidates', () => {
  it.each([
    ['payments-api-7d9f8c6b5-x2k4q', 'Deployment', 'payments-api'],
    ['payments-db-1', 'StatefulSet', 'payments-db'],
    ['ledger-reconcile-29028600-br4rb', 'CronJob', 'ledger-reconcile'],
    ['migrate-3-bcdfg', 'Job', 'migrate'],
    ['aws-node-8wz6t', 'DaemonSetOrJob', 'aws-node'],
  ])('derives the workload of pod %s', (pod, kind, name) => {
    const { names, workload } = workloadCandidates({ pod });

    expect(workload).toEqual({ kind, name });
    expect(names[0]).toEqual({ kind, name });
    expect(names[names.length - 1]).toEqual({ kind: 'Pod', name: pod });
  });

  it('tries a looser hash after the strict one', () => {
    // "lsn8vgzbk" has letters Kubernetes never writes in a pod-template hash.
    const { names } = workloadCandidates({ pod: 'payments-api-lsn8vgzbk-crzhm' });

    expect(names.map((candidate) => candidate.name)).toEqual([
      'payments-api-lsn8vgzbk',
      'payments-api',
      'payments-api-lsn8vgzbk-crzhm',
    ]);
    expect(names[1].kind).toBe('Deployment');
  });

  it('puts the given workload first', () => {
    const { names, workload } = workloadCandidates({
      pod: 'web-7d9f8c6b5-x2k4q',
      workloadKind: 'Deployment',
      workloadName: 'storefront',
    });

    expect(workload).toEqual({ kind: 'Deployment', name: 'storefront' });
    expect(names.map((candidate) => candidate.name)).toEqual([
      'storefront',
      'web',
      'web-7d9f8c6b5-x2k4q',
    ]);
  });

  it('keeps a bare pod name once', () => {
    const { names } = workloadCandidates({ pod: 'debug' });

    expect(names).toEqual([{ kind: 'Pod', name: 'debug' }]);
  });

  it('returns nothing without pod or workload', () => {
    expect(workloadCandidates({ namespace: 'payments' })).toEqual({
      names: [],
      workload: undefined,
    });
  });
});
