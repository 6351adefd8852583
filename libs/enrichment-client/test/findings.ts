import { FINDING_SCHEMA, type Finding, type WorkloadIdentity } from '@talaria/falco-event';

let sequence = 0;

/** A finding as the forwarder builds it, with the given workload and no owner yet. */
export function findingFor(workload: Partial<WorkloadIdentity>): Finding {
  sequence += 1;
  return {
    schema: FINDING_SCHEMA,
    id: `finding-${sequence}`,
    fingerprint: `fingerprint-${sequence}`,
    receivedAt: '2025-03-11T08:14:02.513Z',
    cluster: 'prod-eu-west-1',
    region: 'eu-west-1',
    priority: 'Warning',
    timeMs: 1741680842513,
    workload: { cluster: 'prod-eu-west-1', region: 'eu-west-1', ...workload },
    owner: { status: 'unknown', reason: 'not enriched' },
    alert: {
      rule: 'Terminal shell in container',
      priority: 'Notice',
      time: '2025-03-11T08:14:02.513287004Z',
      output: '08:14:02.513287004: Notice A shell was spawned in a container',
      output_fields: {},
    },
  } as Finding;
}

/** A syscall finding from a payments-api pod. */
export function paymentsApiFinding(pod = 'payments-api-7d9f8c6b5-x2k4q'): Finding {
  return findingFor({
    namespace: 'payments',
    pod,
    workloadKind: 'Deployment',
    workloadName: 'payments-api',
    imageRepository: 'ghcr.io/acme/payments-api',
    imageTag: '1.42.0',
  });
}
