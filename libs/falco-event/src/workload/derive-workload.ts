/**
 * Kind of the controller that a pod name points to. `DaemonSetOrJob` stands for
 * names that a DaemonSet, a Job and a bare ReplicaSet all produce alike.
 */
export type DerivedWorkloadKind =
  'Deployment' | 'CronJob' | 'Job' | 'StatefulSet' | 'DaemonSetOrJob' | 'Pod';

export interface DerivedWorkload {
  kind: DerivedWorkloadKind;
  name: string;
}

// Kubernetes draws generated name suffixes and encodes pod-template hashes with
// this alphabet (k8s.io/apimachinery/pkg/util/rand), which has no vowels, so
// English words rarely pass for a suffix.
const SUFFIX = '[bcdfghjklmnpqrstvwxz2456789]{5}';
// After a schedule time or template hash the name is already unmistakable, so
// there any five lower-case letters or digits count as the pod suffix.
const ANY_SUFFIX = '[a-z0-9]{5}';
// A Deployment's ReplicaSet appends the pod-template hash: the decimal digits of
// a 32-bit FNV hash mapped through that alphabet, which yields only b, c, d, f
// and 4 to 9, and at most ten characters. Clusters before Kubernetes 1.8 wrote
// the digits unmapped.
const TEMPLATE_HASH = '[0-9bcdf]{6,10}';

const PATTERNS: readonly [RegExp, DerivedWorkloadKind][] = [
  // A CronJob names its Jobs `<cronjob>-<scheduled time in minutes since the epoch>`.
  [new RegExp(`^(.+)-\\d{8,}-${ANY_SUFFIX}$`), 'CronJob'],
  // An Indexed Job adds the completion index before the suffix.
  [new RegExp(`^(.+)-\\d{1,7}-${SUFFIX}$`), 'Job'],
  [new RegExp(`^(.+)-${TEMPLATE_HASH}-${ANY_SUFFIX}$`), 'Deployment'],
  [/^(.+)-\d+$/, 'StatefulSet'],
  [new RegExp(`^(.+)-${SUFFIX}$`), 'DaemonSetOrJob'],
];

/**
 * Derives the owning workload from a pod name by stripping the suffixes that
 * Kubernetes controllers add:
 *
 * - `api-7d9f8c6b5-x2k4q` → Deployment `api` (ReplicaSet hash and pod suffix)
 * - `backup-28312345-abcde` → CronJob `backup` (Job schedule time and pod suffix)
 * - `migrate-3-bcdfg` → Job `migrate` (Indexed Job completion index)
 * - `db-0` → StatefulSet `db` (ordinal)
 * - `node-exporter-x2k4q` → DaemonSetOrJob `node-exporter`
 * - anything else → Pod with the full name
 *
 * A name alone cannot tell DaemonSet pods from pods of a non-indexed Job or of a
 * ReplicaSet without a Deployment, because all of them are named
 * `<name>-<5 characters>`. Nor can it tell a StatefulSet from a static pod whose
 * node name ends in digits (`etcd-node-1`), or from a hand-made pod whose name
 * happens to end like a generated one. A
 * Deployment whose template hash consists of eight or more digits (every hash
 * before Kubernetes 1.8, and rarely one since) reads as a CronJob. Fields from
 * the k8smeta plugin, where present, are more reliable.
 */
export function deriveWorkload(podName: string): DerivedWorkload {
  for (const [pattern, kind] of PATTERNS) {
    const match = pattern.exec(podName);
    if (match !== null) return { kind, name: match[1] };
  }
  return { kind: 'Pod', name: podName };
}
