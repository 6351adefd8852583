/** A process as Falco's proc.* fields describe it. */
export interface ProcessInfo {
  name: string;
  exepath: string;
  /** Arguments without the program name, as in proc.args. */
  args: string;
  /** argv[0] as invoked, for proc.exe; defaults to the executable path. */
  exe?: string;
}

export interface UserInfo {
  name: string | null;
  uid: number;
  /** -1 when no login session owns the process, as for container processes. */
  loginuid: number;
  loginname: string;
  group: { name: string | null; gid: number };
}

/** The application a workload runs and the user it runs as. */
export interface WorkloadProfile {
  main: ProcessInfo;
  user: UserInfo;
  workdir: string;
}

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'CronJob';

export interface WorkloadSpec {
  namespace: string;
  name: string;
  kind: WorkloadKind;
  /** Container name inside the pod. */
  container: string;
  image: { repository: string; tag: string };
  profile: WorkloadProfile;
  /** Pods the generator makes for this workload on each cluster that runs it. */
  pods: number;
}

/** One running pod's container, with the identity Falco's container plugin reports. */
export interface PodContainer {
  cluster: string;
  node: string;
  namespace: string;
  pod: string;
  podUid: string;
  containerId: string;
  containerName: string;
  imageRepository: string;
  imageTag: string;
  /** Epoch nanoseconds when the container started. */
  startedAt: bigint;
  /** Epoch nanoseconds when a short-lived pod, such as a CronJob's, finished. */
  activeUntil?: bigint;
  workload: WorkloadSpec;
}

export interface ClusterSpec {
  name: string;
  cloud: 'aws';
  region: string;
  /** Node host names, which Falco's DaemonSet reports as the alert hostname. */
  nodes: string[];
  workloads: WorkloadSpec[];
}
