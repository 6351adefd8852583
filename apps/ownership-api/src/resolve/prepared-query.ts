import { accountFromArn, normalizeRoleArn } from './cloud-identity';
import { normalizeImageRepository } from './image-repository';
import type { WorkloadQuery } from './resolve-types';
import { workloadCandidates, type WorkloadCandidates } from './workload-candidates';

/** A query with its inputs normalised the way the catalog stores them. */
export interface PreparedQuery {
  index: number;
  cluster?: string;
  namespace?: string;
  candidates: WorkloadCandidates;
  labels?: Record<string, string>;
  imageRepository?: string;
  roleArn?: string;
  awsAccount?: string;
}

export function prepareQuery(query: WorkloadQuery, index: number): PreparedQuery {
  const roleArn = query.roleArn === undefined ? undefined : normalizeRoleArn(query.roleArn);
  const hasLabels = query.labels !== undefined && Object.keys(query.labels).length > 0;
  return {
    index,
    cluster: query.cluster,
    namespace: query.namespace,
    candidates: workloadCandidates(query),
    labels: hasLabels ? query.labels : undefined,
    imageRepository: query.image === undefined ? undefined : normalizeImageRepository(query.image),
    roleArn,
    awsAccount: query.awsAccount ?? (roleArn === undefined ? undefined : accountFromArn(roleArn)),
  };
}

/** Says why no rule matched, naming what the query gave to match on. */
export function describeUnmatched(query: PreparedQuery, notes: readonly string[]): string {
  const tried: string[] = [];
  if (query.cluster !== undefined) tried.push(`cluster ${query.cluster}`);
  if (query.namespace !== undefined) tried.push(`namespace ${query.namespace}`);
  if (query.candidates.names.length > 0)
    tried.push(
      `workload ${query.candidates.names.map((candidate) => candidate.name).join(' or ')}`,
    );
  if (query.labels !== undefined) tried.push(`${Object.keys(query.labels).length} labels`);
  if (query.imageRepository !== undefined) tried.push(`image ${query.imageRepository}`);
  if (query.roleArn !== undefined) tried.push(`role ${query.roleArn}`);
  if (query.awsAccount !== undefined) tried.push(`AWS account ${query.awsAccount}`);

  const usable =
    query.namespace !== undefined ||
    query.candidates.names.length > 0 ||
    query.labels !== undefined ||
    query.imageRepository !== undefined ||
    query.awsAccount !== undefined;
  if (!usable) {
    return 'nothing to match on: the identity has no namespace, pod, workload, labels, image or AWS account';
  }

  const extra = notes.length > 0 ? `; ${notes.join('; ')}` : '';
  return `no placement, label selector, namespace default, image repository or cloud resource in the catalog matches ${tried.join(', ')}${extra}`;
}
