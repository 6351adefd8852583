import type { WorkloadIdentity } from '@talaria/falco-event';
import type { WorkloadQuery } from './resolve-wire';

// Kubernetes audit resources that name a workload controller.
const WORKLOAD_RESOURCES: Record<string, string> = {
  deployments: 'Deployment',
  statefulsets: 'StatefulSet',
  daemonsets: 'DaemonSet',
  replicasets: 'ReplicaSet',
  jobs: 'Job',
  cronjobs: 'CronJob',
};

/**
 * Builds the resolve query for a finding's workload. Syscall alerts give the
 * namespace, pod and image; Kubernetes audit alerts give the namespace and
 * the workload or pod the request targeted; CloudTrail alerts give an
 * account and sometimes the role session ARN.
 */
export function toWorkloadQuery(workload: WorkloadIdentity): WorkloadQuery {
  const query: WorkloadQuery = { cluster: workload.cluster };

  const namespace = workload.namespace ?? workload.targetNamespace;
  if (namespace !== undefined) query.namespace = namespace;

  if (workload.pod !== undefined) query.pod = workload.pod;
  else if (workload.targetResource === 'pods' && workload.targetName !== undefined)
    query.pod = workload.targetName;

  const targetKind =
    workload.targetResource === undefined ? undefined : WORKLOAD_RESOURCES[workload.targetResource];
  if (workload.pod === undefined && targetKind !== undefined && workload.targetName !== undefined) {
    query.workloadKind = targetKind;
    query.workloadName = workload.targetName;
  }

  if (workload.imageRepository !== undefined) {
    query.image =
      workload.imageTag === undefined
        ? workload.imageRepository
        : `${workload.imageRepository}:${workload.imageTag}`;
  }
  if (workload.cloudAccount !== undefined && /^\d{12}$/.test(workload.cloudAccount))
    query.awsAccount = workload.cloudAccount;
  if (workload.user !== undefined && /^arn:aws[a-z-]*:(iam|sts)::\d{12}:/.test(workload.user))
    query.roleArn = workload.user;
  return query;
}

/** True when the query contains anything besides the cluster to match on. */
export function isResolvable(query: WorkloadQuery): boolean {
  return (
    query.namespace !== undefined ||
    query.pod !== undefined ||
    query.workloadName !== undefined ||
    query.image !== undefined ||
    query.awsAccount !== undefined ||
    query.roleArn !== undefined
  );
}

/**
 * Cache key. Pods of one ReplicaSet, StatefulSet or Job share their derived
 * workload name and get the same answer, so the key uses that name, when the
 * finding has one, in place of the pod.
 */
export function cacheKey(query: WorkloadQuery, derivedWorkloadName: string | undefined): string {
  return JSON.stringify([
    query.cluster ?? '',
    query.namespace ?? '',
    derivedWorkloadName ?? query.pod ?? '',
    query.workloadKind ?? '',
    query.workloadName ?? '',
    query.image ?? '',
    query.awsAccount ?? '',
    query.roleArn ?? '',
  ]);
}
