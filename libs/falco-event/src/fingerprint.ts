import * as crypto from 'node:crypto';
import type { FalcoAlert, FieldValue } from './alert-types';
import { FalcoEventError } from './errors';
import type { WorkloadIdentity } from './finding';
import { stringifyJson } from './lossless-json';

/** Default fingerprint fields: the same rule firing in the same workload for the same process. */
export const DEFAULT_FINGERPRINT_FIELDS: readonly string[] = Object.freeze([
  'rule',
  'cluster',
  'namespace',
  'workload',
  'proc.name',
]);

// Names that address the alert or its workload identity instead of an output field.
const COMPONENTS: Readonly<
  Record<string, (alert: FalcoAlert, workload: WorkloadIdentity) => unknown>
> = {
  rule: (alert) => alert.rule,
  source: (alert) => alert.source,
  hostname: (alert) => alert.hostname,
  cluster: (_alert, workload) => workload.cluster,
  region: (_alert, workload) => workload.region,
  // k8s_audit alerts carry no pod, so their target namespace is used instead.
  namespace: (_alert, workload) => workload.namespace ?? workload.targetNamespace,
  workload: (_alert, workload) => workload.workloadName,
  image: (_alert, workload) => workload.imageRepository,
  user: (_alert, workload) => workload.user,
  account: (_alert, workload) => workload.cloudAccount,
};

const OUTPUT_FIELD_PREFIX = 'output_fields.';

// Bumped when the hashed material changes, so old and new fingerprints never collide.
const FINGERPRINT_VERSION = 'talaria.fingerprint/v1';

/**
 * Returns a SHA-256 hex digest that identifies "the same alert" for grouping
 * and deduplication. It hashes the value of each name in `fields`, in the order
 * given, so it does not depend on key order in the alert and is the same in
 * every process and version of Node.js.
 *
 * A name is one of `rule`, `source`, `hostname`, `cluster`, `region`,
 * `namespace` (the pod's namespace, else the k8s_audit target namespace),
 * `workload` (the owning workload's name), `image`, `user` or `account`.
 * Any other name is an `output_fields` key, such as `proc.name`; prefix it with
 * `output_fields.` to reach a field that shares a name with a component.
 * Absent values hash as null. Throws FalcoEventError for an empty or invalid
 * field list.
 */
export function fingerprint(
  alert: FalcoAlert,
  workload: WorkloadIdentity,
  fields: readonly string[] = DEFAULT_FINGERPRINT_FIELDS,
): string {
  if (!Array.isArray(fields) || fields.length === 0) {
    throw new FalcoEventError(
      'Fingerprint fields must be a non-empty array of names such as "rule" or "proc.name"',
      { context: { fields } },
    );
  }

  const material: unknown[] = [FINGERPRINT_VERSION];
  for (const name of fields) {
    if (typeof name !== 'string' || name === '') {
      throw new FalcoEventError(
        `Fingerprint field names must be non-empty strings; got ${String(name)}`,
        {
          context: { fields },
        },
      );
    }
    material.push(name, valueOf(name, alert, workload) ?? null);
  }

  return sha256Hex(stringifyJson(material));
}

// The one-shot crypto.hash (Node.js 20.12 and later) is about twice as fast as a Hash object.
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

function valueOf(name: string, alert: FalcoAlert, workload: WorkloadIdentity): unknown {
  if (name.startsWith(OUTPUT_FIELD_PREFIX)) {
    return outputField(alert, name.slice(OUTPUT_FIELD_PREFIX.length));
  }
  const component = Object.hasOwn(COMPONENTS, name) ? COMPONENTS[name] : undefined;
  return component === undefined ? outputField(alert, name) : component(alert, workload);
}

function outputField(alert: FalcoAlert, name: string): FieldValue | undefined {
  const fields = alert.output_fields;
  return fields !== undefined && Object.hasOwn(fields, name) ? fields[name] : undefined;
}
