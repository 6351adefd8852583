import type { FalcoAlert, FieldValue } from '../alert-types';
import type { WorkloadIdentity } from '../finding';
import { deriveWorkload } from './derive-workload';
import { splitImageReference } from './image-reference';

/** Cluster and region of the sender, which Falco's alerts do not name. */
export interface WorkloadContext {
  cluster: string;
  region: string;
}

// Falco writes "<NA>" for a field it could not resolve.
const NOT_AVAILABLE = '<NA>';

/**
 * Fields that name the principal or account of plugin alerts, in order of
 * preference. Field prefixes are unique per plugin, so the alert's `source`
 * does not need to be consulted.
 */
const USER_FIELDS = [
  'ka.user.name', // k8s_audit
  'ct.user', // aws_cloudtrail
  'ct.user.arn',
  'ct.user.principalid',
  'gcp.user', // gcp_auditlog
  'okta.actor.name', // okta
  'okta.actor.alternateid',
  'github.user', // github
];
const ACCOUNT_FIELDS = [
  'ct.user.accountid', // aws_cloudtrail
  'gcp.projectId', // gcp_auditlog
  'okta.org', // okta
  'github.org', // github
  'github.owner',
];

/** Every output field that extractWorkload reads. */
const WORKLOAD_FIELDS: ReadonlySet<string> = new Set([
  'k8s.ns.name',
  'k8smeta.ns.name',
  'k8s.pod.name',
  'k8smeta.pod.name',
  'k8smeta.deployment.name',
  'container.id',
  'container.name',
  'container.image',
  'container.image.repository',
  'container.image.tag',
  'container.image.digest',
  'ka.target.namespace',
  'ka.target.resource',
  'ka.target.name',
  ...USER_FIELDS,
  ...ACCOUNT_FIELDS,
]);

/**
 * Reads who runs the alert's workload from its `output_fields`: Kubernetes
 * namespace and pod (and the owning workload derived from the pod name),
 * container and image, the target of a k8s_audit request, and the account and
 * user of cloud and SaaS plugin alerts. Values Falco could not resolve
 * (`<NA>`), empty strings and non-string values count as absent, and absent
 * properties are left out. A `container.id` of `host` marks a process outside
 * any container and is kept.
 */
export function extractWorkload(alert: FalcoAlert, context: WorkloadContext): WorkloadIdentity {
  const present = presentWorkloadFields(alert.output_fields);
  const read = (name: string): string | undefined => present.get(name);
  const identity: WorkloadIdentity = { cluster: context.cluster, region: context.region };

  assign(identity, 'namespace', read('k8s.ns.name') ?? read('k8smeta.ns.name'));
  const pod = read('k8s.pod.name') ?? read('k8smeta.pod.name');
  assign(identity, 'pod', pod);

  const owner = findOwner(read('k8smeta.deployment.name'), pod);
  assign(identity, 'workloadKind', owner?.kind);
  assign(identity, 'workloadName', owner?.name);

  assign(identity, 'containerId', read('container.id'));
  assign(identity, 'containerName', read('container.name'));
  const image = splitImageReference(read('container.image') ?? '');
  assign(identity, 'imageRepository', read('container.image.repository') ?? image.repository);
  assign(identity, 'imageTag', read('container.image.tag') ?? image.tag);
  assign(identity, 'imageDigest', read('container.image.digest') ?? image.digest);

  assign(identity, 'targetNamespace', read('ka.target.namespace'));
  assign(identity, 'targetResource', read('ka.target.resource'));
  assign(identity, 'targetName', read('ka.target.name'));

  const account = firstPresent(ACCOUNT_FIELDS, read) ?? accountFromArn(read('ct.user.arn'));
  assign(identity, 'cloudAccount', account);
  assign(identity, 'user', firstPresent(USER_FIELDS, read));
  return identity;
}

// The k8smeta plugin reads the Deployment from the API server, which beats a guess from the pod name.
function findOwner(
  deployment: string | undefined,
  pod: string | undefined,
): { kind: string; name: string } | undefined {
  if (deployment !== undefined) return { kind: 'Deployment', name: deployment };
  return pod === undefined ? undefined : deriveWorkload(pod);
}

// One pass over the alert's fields. An alert has a handful of the names above,
// and looking up every missing name took 1.7 µs per sample alert, the pass 0.6.
function presentWorkloadFields(fields: FalcoAlert['output_fields']): Map<string, string> {
  const present = new Map<string, string>();
  if (fields === undefined) return present;

  for (const name in fields) {
    if (!WORKLOAD_FIELDS.has(name)) continue;
    const value = presentString(fields[name]);
    if (value !== undefined) present.set(name, value);
  }
  return present;
}

function presentString(value: FieldValue | undefined): string | undefined {
  return typeof value === 'string' && value !== '' && value !== NOT_AVAILABLE ? value : undefined;
}

function firstPresent(
  names: readonly string[],
  read: (name: string) => string | undefined,
): string | undefined {
  for (const name of names) {
    const value = read(name);
    if (value !== undefined) return value;
  }
  return undefined;
}

// An ARN reads arn:partition:service:region:account-id:resource.
function accountFromArn(arn: string | undefined): string | undefined {
  const account = arn?.split(':')[4];
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

function assign<K extends keyof WorkloadIdentity>(
  identity: WorkloadIdentity,
  key: K,
  value: WorkloadIdentity[K] | undefined,
): void {
  if (value !== undefined) identity[key] = value;
}
