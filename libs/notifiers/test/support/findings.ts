import { FINDING_SCHEMA, type Finding, type Priority } from '@talaria/falco-event';

let sequence = 0;

/** Builds a valid finding; `evt.time` is a bigint beyond 2^53 as Falco sends it. */
export function makeFinding(overrides: Partial<Finding> = {}): Finding {
  sequence += 1;
  const priority: Priority = overrides.priority ?? 'Warning';
  return {
    schema: FINDING_SCHEMA,
    id: `finding-${sequence}`,
    fingerprint: `fp-${sequence}`,
    receivedAt: '2025-01-02T03:04:05.000Z',
    cluster: 'prod-eu',
    region: 'eu-west-1',
    priority,
    timeMs: 1735787045123,
    workload: {
      cluster: 'prod-eu',
      region: 'eu-west-1',
      namespace: 'shop',
      pod: 'api-7d9f8c6b5-x2k4q',
    },
    owner: { status: 'unknown', reason: 'no owner label' },
    alert: {
      time: '2025-01-02T03:04:05.123456789Z',
      rule: 'Terminal shell in container',
      priority,
      output: 'A shell was spawned in a container (cmdline=bash -i)',
      source: 'syscall',
      tags: ['container', 'shell'],
      output_fields: { 'evt.time': 1735787045123456789n, 'proc.cmdline': 'bash -i' },
    },
    ...overrides,
  };
}
