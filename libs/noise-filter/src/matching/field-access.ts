import type { FieldValue, Finding } from '@talaria/falco-event';

/** Reads one field of a finding; undefined or null means the finding has no value for it. */
export type FieldReader = (finding: Finding) => FieldValue | undefined;

/** Comparison mode of a field's values: as text (numbers too), or as priorities by severity. */
export type FieldKind = 'text' | 'priority';

export interface FieldAccess {
  read: FieldReader;
  kind: FieldKind;
}

// Falco's source for alerts that name none, as older Falco versions send them.
const DEFAULT_SOURCE = 'syscall';

const WORKLOAD_PROPERTIES = [
  'cluster',
  'region',
  'namespace',
  'pod',
  'workloadKind',
  'workloadName',
  'containerId',
  'containerName',
  'imageRepository',
  'imageTag',
  'imageDigest',
  'targetNamespace',
  'targetResource',
  'targetName',
  'cloudAccount',
  'user',
] as const;

// Shorter names for the owning workload, which filters use most.
const WORKLOAD_ALIASES: Readonly<Record<string, string>> = {
  name: 'workloadName',
  kind: 'workloadKind',
};

const OWNER_PROPERTIES = [
  'status',
  'service',
  'team',
  'slackChannel',
  'escalationContact',
  'criticality',
  'matchedBy',
  'reason',
] as const;

const FINDING_FIELDS: Readonly<Record<string, FieldAccess>> = {
  rule: { kind: 'text', read: (finding) => finding.alert.rule },
  priority: { kind: 'priority', read: (finding) => finding.priority },
  source: { kind: 'text', read: (finding) => finding.alert.source ?? DEFAULT_SOURCE },
  tags: { kind: 'text', read: (finding) => finding.alert.tags },
  cluster: { kind: 'text', read: (finding) => finding.cluster },
  region: { kind: 'text', read: (finding) => finding.region },
  hostname: { kind: 'text', read: (finding) => finding.alert.hostname },
};

const OUTPUT_FIELDS_PREFIX = 'output_fields.';

/**
 * Resolves a field name used in filters. Returns the reader, or a message
 * saying why the name is invalid.
 *
 * - `rule`, `priority`, `source` (`syscall` when the alert names none),
 *   `tags`, `cluster`, `region` and `hostname` read the finding.
 * - `workload.<property>` reads the workload identity, for example
 *   `workload.namespace`, `workload.name` or `workload.imageRepository`.
 * - `owner.<property>` reads the owner: status, service, team, slackChannel,
 *   escalationContact, criticality, matchedBy or reason.
 * - Any other name reads `output_fields` by the name Falco uses, such as
 *   `proc.name` or `k8s.ns.name`; `output_fields.<name>` reads a field whose
 *   name is taken by one of the names above.
 */
export function resolveField(name: string): FieldAccess | string {
  if (Object.hasOwn(FINDING_FIELDS, name)) return FINDING_FIELDS[name];

  if (name.startsWith('workload.')) {
    const requested = name.slice('workload.'.length);
    const property = WORKLOAD_ALIASES[requested] ?? requested;
    if (!(WORKLOAD_PROPERTIES as readonly string[]).includes(property)) {
      return `unknown workload property "${requested}"; use name, kind or one of ${WORKLOAD_PROPERTIES.join(', ')}`;
    }
    return {
      kind: 'text',
      read: (finding) =>
        (finding.workload as unknown as Record<string, string | undefined>)[property],
    };
  }

  if (name.startsWith('owner.')) {
    const property = name.slice('owner.'.length);
    if (!(OWNER_PROPERTIES as readonly string[]).includes(property)) {
      return `unknown owner property "${property}"; use one of ${OWNER_PROPERTIES.join(', ')}`;
    }
    return {
      kind: 'text',
      read: (finding) => (finding.owner as unknown as Record<string, string | undefined>)[property],
    };
  }

  const key = name.startsWith(OUTPUT_FIELDS_PREFIX)
    ? name.slice(OUTPUT_FIELDS_PREFIX.length)
    : name;
  if (key === '') return 'field name must not be empty';
  return { kind: 'text', read: (finding) => readOutputField(finding, key) };
}

function readOutputField(finding: Finding, key: string): FieldValue | undefined {
  const fields = finding.alert.output_fields;
  // Own keys only, so names such as "constructor" never reach Object.prototype.
  return fields !== undefined && Object.hasOwn(fields, key) ? fields[key] : undefined;
}

/** Returns whether a filter field reads the owner, which the enrich stage sets after filtering. */
export function readsOwner(name: string): boolean {
  return name.startsWith('owner.');
}
