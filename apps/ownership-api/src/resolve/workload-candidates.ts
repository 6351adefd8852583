import { deriveWorkload } from '@talaria/falco-event';
import type { WorkloadQuery } from './resolve-types';

export interface WorkloadCandidate {
  name: string;
  /** Kind the name implies: the caller's, the derived one, `Deployment` for a loose hash, or `Pod`. */
  kind: string;
}

export interface WorkloadCandidates {
  /** Workloads to look up, best first. */
  names: WorkloadCandidate[];
  /** The workload reported back to the caller. */
  workload?: { kind: string; name: string };
}

// A segment that may be a pod-template hash written with any lower-case letters
// and digits; deriveWorkload accepts only the alphabet Kubernetes encodes hashes in.
const LOOSE_TEMPLATE_HASH = /^(.+)-[a-z0-9]{6,10}$/;

/**
 * Lists the workload names a query may belong to, best first: the workload
 * the caller gave; the one derived from the pod name by stripping the suffixes
 * Kubernetes controllers add (ReplicaSet and pod hashes, StatefulSet ordinals,
 * Job and CronJob suffixes); the same with a looser hash for pods whose hash
 * does not use Kubernetes' alphabet (older clusters, other tooling); and the
 * pod name itself, for bare pods.
 */
export function workloadCandidates(query: WorkloadQuery): WorkloadCandidates {
  const names: WorkloadCandidate[] = [];
  const add = (name: string, kind: string) => {
    if (!names.some((candidate) => candidate.name === name)) names.push({ name, kind });
  };
  let workload: WorkloadCandidates['workload'];

  if (query.workloadName !== undefined) {
    workload = { kind: query.workloadKind ?? 'unknown', name: query.workloadName };
    add(workload.name, workload.kind);
  }

  if (query.pod !== undefined) {
    const derived = deriveWorkload(query.pod);
    add(derived.name, derived.kind);
    workload ??= { kind: derived.kind, name: derived.name };

    const loose = derived.kind === 'DaemonSetOrJob' ? LOOSE_TEMPLATE_HASH.exec(derived.name) : null;
    if (loose !== null) add(loose[1], 'Deployment');
    add(query.pod, 'Pod');
  }
  return { names, workload };
}
