import { NODE_ADMIN, ROOT_IN_CONTAINER, ROOT_VIA_SUDO } from '../../fleet/fleet';
import type { PodContainer, ProcessInfo, UserInfo } from '../../fleet/fleet-types';
import type { FieldValue } from '../../format/field-value';
import type { SeededRandom } from '../../random';

/** Place and time of a syscall alert: a pod's container, or the node itself when `pod` is absent. */
export interface SyscallContext {
  random: SeededRandom;
  node: string;
  pod?: PodContainer;
  /** Epoch nanoseconds of the event. */
  time: bigint;
}

/** A network connection seen from the process: client and server ends. */
export interface Connection {
  protocol: 'tcp' | 'udp';
  client: { ip: string; port: number; name?: string };
  server: { ip: string; port: number; name?: string };
  /** The end that belongs to the process that triggered the alert. */
  local: 'client' | 'server';
}

/** A process's action, in enough detail to fill any syscall field that a rule output names. */
export interface SyscallActivity {
  eventType: string;
  process: ProcessInfo;
  /** Parent first, then grandparent and so on, as proc.aname[1], [2], ... read them. */
  parents: ProcessInfo[];
  user: UserInfo;
  cwd: string;
  tty?: number;
  file?: string;
  /** The path as the process passed it, when it differs from the resolved fd.name. */
  rawFile?: string;
  connection?: Connection;
  /** evt.res; SUCCESS when absent. */
  result?: string;
  /** evt.arg.flags; null when the event has no flags argument. */
  flags?: string | null;
  /** evt.args: all arguments as one string. */
  eventArgs?: string;
  /** Other evt.arg.NAME values by NAME. */
  arguments?: Record<string, FieldValue>;
  env?: string;
  capabilities?: string;
  sessionLeader?: string;
  /** Seconds between writing the executable and running it, for proc.exe_ino.* fields. */
  binaryAgeSeconds?: number;
}

export interface Scenario {
  id: string;
  /** Tested against the rule name; the first scenario that matches is used. */
  pattern: RegExp;
  /** Forces the alert onto a container or the node, regardless of the rule's tags. */
  placement?: 'container' | 'host';
  build(context: SyscallContext): SyscallActivity;
}

export function proc(name: string, exepath: string, args = '', exe?: string): ProcessInfo {
  return exe === undefined ? { name, exepath, args } : { name, exepath, args, exe };
}

export const SYSTEMD = proc(
  'systemd',
  '/usr/lib/systemd/systemd',
  '--switched-root --system --deserialize 21',
);
export const CONTAINERD_SHIM = proc(
  'containerd-shim',
  '/usr/bin/containerd-shim-runc-v2',
  '-namespace k8s.io -id 4f1c2b7e9d3a -address /run/containerd/containerd.sock',
);
export const RUNC = proc('runc', '/usr/sbin/runc', 'init');
export const SSHD = proc('sshd', '/usr/sbin/sshd', '-D', '/usr/sbin/sshd');
export const SSHD_SESSION = proc('sshd', '/usr/sbin/sshd', '', 'sshd: ec2-user@pts/0');
export const KUBELET = proc(
  'kubelet',
  '/usr/bin/kubelet',
  '--config /etc/kubernetes/kubelet/kubelet-config.json',
);

export function bash(args = ''): ProcessInfo {
  return proc('bash', '/usr/bin/bash', args);
}

export function sh(args = ''): ProcessInfo {
  return proc('sh', '/usr/bin/dash', args, 'sh');
}

/** Pseudo-terminal device number Falco reports for /dev/pts/0 (major 136). */
export const PTS_TTY = 34816;

/** Parents of a command that someone ran interactively: `kubectl exec` in a pod, SSH on a node. */
export function interactiveParents(context: SyscallContext): ProcessInfo[] {
  if (context.pod) return [bash(), RUNC, CONTAINERD_SHIM, SYSTEMD];
  return [bash(), SSHD_SESSION, SSHD, SYSTEMD];
}

/** Parents of a process that the workload's own program started. */
export function applicationParents(context: SyscallContext): ProcessInfo[] {
  if (context.pod) return [context.pod.workload.profile.main, CONTAINERD_SHIM, SYSTEMD];
  return [KUBELET, SYSTEMD];
}

/** Returns the workload's own program, or the kubelet on a node. */
export function mainProcess(context: SyscallContext): ProcessInfo {
  return context.pod ? context.pod.workload.profile.main : KUBELET;
}

/** Someone with a shell: root through `kubectl exec`, or the node admin after sudo. */
export function interactiveUser(context: SyscallContext): UserInfo {
  return context.pod ? ROOT_IN_CONTAINER : ROOT_VIA_SUDO;
}

export function applicationUser(context: SyscallContext): UserInfo {
  return context.pod ? context.pod.workload.profile.user : NODE_ADMIN;
}

export function workdir(context: SyscallContext): string {
  return context.pod ? context.pod.workload.profile.workdir : '/home/ec2-user';
}

const CLUSTER_NETWORKS: Record<string, string> = {
  'prod-eu-west-1': '198.51.100',
  'prod-us-east-1': '203.0.113',
  'staging-eu-west-1': '192.0.2',
};

/** Returns the pod's address, or the node's, inside its cluster's documentation network. */
export function localAddress(context: SyscallContext): string {
  if (!context.pod) return nodeAddress(context.node);
  const network = CLUSTER_NETWORKS[context.pod.cluster] ?? '192.0.2';
  return `${network}.${10 + (parseInt(context.pod.containerId.slice(0, 4), 16) % 190)}`;
}

/** Reads the address from an EC2 private DNS name such as ip-198-51-100-11.eu-west-1.compute.internal. */
export function nodeAddress(hostname: string): string {
  const match = /^ip-(\d+)-(\d+)-(\d+)-(\d+)\./.exec(hostname);
  return match ? match.slice(1).join('.') : '192.0.2.250';
}

/** Returns an address of the cluster's own network, such as a Service IP ending in `suffix`. */
export function clusterAddress(context: SyscallContext, suffix: number): string {
  const cluster = context.pod?.cluster;
  return `${(cluster && CLUSTER_NETWORKS[cluster]) ?? localAddress(context).split('.').slice(0, 3).join('.')}.${suffix}`;
}

/** Returns an address outside the fleet, from the top of 203.0.113.0/24, which no fleet member uses. */
export function externalAddress(context: SyscallContext): string {
  return `203.0.113.${context.random.integer(200, 254)}`;
}

export function ephemeralPort(context: SyscallContext): number {
  return context.random.integer(32768, 60999);
}

/** Builds an outbound connection from this process. */
export function outbound(
  context: SyscallContext,
  server: { ip: string; port: number; name?: string },
  protocol: 'tcp' | 'udp' = 'tcp',
): Connection {
  return {
    protocol,
    client: { ip: localAddress(context), port: ephemeralPort(context) },
    server,
    local: 'client',
  };
}

/** Builds a connection that this process accepted on `port`. */
export function inbound(
  context: SyscallContext,
  port: number,
  client: { ip: string; name?: string },
): Connection {
  return {
    protocol: 'tcp',
    client: { ...client, port: ephemeralPort(context) },
    server: { ip: localAddress(context), port },
    local: 'server',
  };
}

/** Builds an interactive command, run from a shell by the interactive user. */
export function interactive(
  context: SyscallContext,
  eventType: string,
  process: ProcessInfo,
  extra: Partial<SyscallActivity> = {},
): SyscallActivity {
  return {
    eventType,
    process,
    parents: interactiveParents(context),
    user: interactiveUser(context),
    cwd: context.pod ? '/' : '/home/ec2-user',
    tty: PTS_TTY,
    flags: execveFlags(context, eventType),
    ...extra,
  };
}

/** Builds a command that the workload's program started, without a terminal. */
export function spawned(
  context: SyscallContext,
  eventType: string,
  process: ProcessInfo,
  extra: Partial<SyscallActivity> = {},
): SyscallActivity {
  return {
    eventType,
    process,
    parents: applicationParents(context),
    user: applicationUser(context),
    cwd: workdir(context),
    flags: execveFlags(context, eventType),
    ...extra,
  };
}

/** evt.arg.flags of an execve of a binary from the image (overlay lower layer) or the node's disk. */
function execveFlags(context: SyscallContext, eventType: string): string | null {
  if (eventType !== 'execve') return null;
  return context.pod ? 'EXE_LOWER_LAYER' : '0';
}
