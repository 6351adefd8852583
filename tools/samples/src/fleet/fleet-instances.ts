import type { SeededRandom } from '../random';
import type { ClusterSpec, PodContainer, WorkloadSpec } from './fleet-types';

const NANOSECONDS_PER_SECOND = 1_000_000_000n;
const NANOSECONDS_PER_MINUTE = 60n * NANOSECONDS_PER_SECOND;

/** How long a CronJob pod runs, and so the span in which its alerts fall. */
const JOB_RUN_TIME = 15n * NANOSECONDS_PER_MINUTE;

export interface FalcoNode {
  cluster: string;
  hostname: string;
}

/** Pods and Falco hosts of the fleet, named once so that alerts about one pod agree. */
export interface FleetInstances {
  pods: PodContainer[];
  nodes: FalcoNode[];
  /** Host names of the Falco deployments that run each plugin source, per cluster. */
  pluginHosts: Map<string, FalcoNode[]>;
}

/** Plugin sources that run in every cluster, because they read that cluster's audit log. */
const PER_CLUSTER_SOURCES = ['k8s_audit'];

/** Names the pods and plugin hosts of the fleet; containers started before `windowStart`. */
export function instantiateFleet(
  clusters: readonly ClusterSpec[],
  pluginSources: readonly string[],
  random: SeededRandom,
  windowStart: bigint,
): FleetInstances {
  const pods: PodContainer[] = [];
  const nodes: FalcoNode[] = [];
  const pluginHosts = new Map<string, FalcoNode[]>();

  for (const cluster of clusters) {
    nodes.push(...cluster.nodes.map((hostname) => ({ cluster: cluster.name, hostname })));
    for (const spec of cluster.workloads) {
      pods.push(...instantiateWorkload(cluster, spec, random, windowStart));
    }
  }

  // Cloud and SaaS sources run once, in the first cluster, as Falco deployments of their own.
  for (const source of pluginSources) {
    const clustersRunningIt = PER_CLUSTER_SOURCES.includes(source)
      ? clusters
      : clusters.slice(0, 1);
    const deployment = `falco-${source.replace(/_/g, '').replace('auditlog', 'audit')}`;
    pluginHosts.set(
      source,
      clustersRunningIt.map((cluster) => ({
        cluster: cluster.name,
        hostname: `${deployment}-${random.podSuffix(10)}-${random.podSuffix(5)}`,
      })),
    );
  }

  return { pods, nodes, pluginHosts };
}

function instantiateWorkload(
  cluster: ClusterSpec,
  spec: WorkloadSpec,
  random: SeededRandom,
  windowStart: bigint,
): PodContainer[] {
  const podNames = namePods(spec, random, windowStart, cluster.nodes.length);

  return podNames.map(({ pod, scheduledAt }, index) => {
    // DaemonSet pods sit one per node; the scheduler spreads the others at random.
    const node = spec.kind === 'DaemonSet' ? cluster.nodes[index] : random.pick(cluster.nodes);
    const startedAt =
      scheduledAt === undefined
        ? windowStart - BigInt(random.integer(600, 40_000)) * NANOSECONDS_PER_MINUTE
        : scheduledAt + BigInt(random.integer(3, 40)) * NANOSECONDS_PER_SECOND;
    return {
      cluster: cluster.name,
      node,
      namespace: spec.namespace,
      pod,
      podUid: random.uuid(),
      containerId: random.hex(12),
      containerName: spec.container,
      imageRepository: spec.image.repository,
      imageTag: spec.image.tag,
      startedAt: startedAt + BigInt(random.integer(0, 999_999_999)),
      activeUntil: scheduledAt === undefined ? undefined : startedAt + JOB_RUN_TIME,
      workload: spec,
    };
  });
}

/** Names pods the way their controllers do: ReplicaSet hash, ordinal, or CronJob schedule minute. */
function namePods(
  spec: WorkloadSpec,
  random: SeededRandom,
  windowStart: bigint,
  nodeCount: number,
): { pod: string; scheduledAt?: bigint }[] {
  switch (spec.kind) {
    case 'Deployment': {
      const replicaSetHash = random.podSuffix(random.integer(9, 10));
      return range(spec.pods).map(() => ({
        pod: `${spec.name}-${replicaSetHash}-${random.podSuffix(5)}`,
      }));
    }
    case 'StatefulSet':
      return range(spec.pods).map((ordinal) => ({ pod: `${spec.name}-${ordinal}` }));
    case 'DaemonSet':
      return range(Math.min(spec.pods, nodeCount)).map(() => ({
        pod: `${spec.name}-${random.podSuffix(5)}`,
      }));
    case 'CronJob': {
      // These CronJobs run hourly. Each Job is named after its scheduled time in
      // minutes since the epoch, and its pod adds a random suffix.
      const firstHourMinute = (windowStart / NANOSECONDS_PER_MINUTE / 60n + 1n) * 60n;
      return range(spec.pods).map(() => {
        const scheduledMinute = firstHourMinute + BigInt(random.integer(0, 22) * 60);
        return {
          pod: `${spec.name}-${scheduledMinute}-${random.podSuffix(5)}`,
          scheduledAt: scheduledMinute * NANOSECONDS_PER_MINUTE,
        };
      });
    }
  }
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}
