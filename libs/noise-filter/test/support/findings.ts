import {
  buildFinding,
  parseAlertOrThrow,
  type FieldValue,
  type Finding,
  type OwnerInfo,
} from '@talaria/falco-event';

let sequence = 0;

export interface FindingSpec {
  rule?: string;
  priority?: string;
  source?: string;
  tags?: string[];
  cluster?: string;
  hostname?: string;
  fields?: Record<string, FieldValue>;
  owner?: OwnerInfo;
  time?: string;
}

/** Builds a finding the way the forwarder does: parseAlert, then buildFinding. */
export function makeFinding(spec: FindingSpec = {}): Finding {
  sequence += 1;
  const alert: Record<string, unknown> = {
    time: spec.time ?? '2025-03-11T06:08:02.123456789Z',
    rule: spec.rule ?? 'Terminal shell in container',
    priority: spec.priority ?? 'Notice',
    output: 'A shell was spawned in a container',
    source: spec.source ?? 'syscall',
    hostname: spec.hostname ?? 'ip-198-51-100-11.eu-west-1.compute.internal',
    tags: spec.tags ?? ['container', 'shell', 'mitre_execution'],
    output_fields: {
      'evt.time': 1741673282123456789n,
      'k8s.ns.name': 'payments',
      'k8s.pod.name': 'payments-api-7d9f8c6b5-x2k4q',
      'container.image.repository': 'ghcr.io/acme/payments-api',
      'proc.name': 'bash',
      'proc.cmdline': 'bash -il',
      'proc.tty': 34816,
      ...spec.fields,
    },
  };
  if (spec.source === undefined) delete alert.source;
  if (spec.source !== undefined) alert.source = spec.source;

  const finding = buildFinding({
    id: `finding-${sequence}`,
    receivedAt: new Date('2025-03-11T06:08:03.000Z'),
    cluster: spec.cluster ?? 'prod-eu-west-1',
    region: 'eu-west-1',
    parsed: parseAlertOrThrow(alert),
  });
  if (spec.owner !== undefined) finding.owner = spec.owner;
  return finding;
}
