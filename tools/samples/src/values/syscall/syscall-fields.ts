import type { FieldValue } from '../../format/field-value';
import type { SyscallActivity, SyscallContext } from './syscall-activity';

const NANOSECONDS_PER_SECOND = 1_000_000_000n;

/** Docker's default capability set, which a root process in an unprivileged container holds. */
const DEFAULT_CONTAINER_CAPABILITIES =
  'CAP_CHOWN CAP_DAC_OVERRIDE CAP_FOWNER CAP_FSETID CAP_KILL CAP_SETGID CAP_SETUID CAP_SETPCAP ' +
  'CAP_NET_BIND_SERVICE CAP_NET_RAW CAP_SYS_CHROOT CAP_MKNOD CAP_AUDIT_WRITE CAP_SETFCAP';

/** Fields whose name takes an [index] argument counting ancestors: 0 is the process, 1 its parent. */
const ANCESTOR_FIELD = /^proc\.(aname|aexepath|apid)\[(\d+)\]$/;

/**
 * Returns the value of a syscall-source field for this activity, typed as
 * Falco types it, or undefined when the generator does not model the field.
 */
export function syscallFieldValue(
  field: string,
  activity: SyscallActivity,
  context: SyscallContext,
): FieldValue | undefined {
  const ancestor = ANCESTOR_FIELD.exec(field);
  if (ancestor) return ancestorValue(ancestor[1], Number(ancestor[2]), activity);

  if (field.startsWith('evt.arg.')) return eventArgument(field.slice('evt.arg.'.length), activity);
  if (field.startsWith('fd.')) return fileDescriptorValue(field, activity);
  if (field.startsWith('container.') || field.startsWith('k8s.'))
    return containerValue(field, context);

  return processValue(field, activity, context);
}

function processValue(
  field: string,
  activity: SyscallActivity,
  context: SyscallContext,
): FieldValue | undefined {
  const { process, user } = activity;
  const parent = activity.parents[0];

  switch (field) {
    case 'evt.type':
      return activity.eventType;
    case 'evt.res':
      return activity.result ?? 'SUCCESS';
    case 'evt.args':
      return activity.eventArgs ?? null;
    case 'user.name':
      return user.name;
    case 'user.uid':
      return user.uid;
    case 'user.loginuid':
      return user.loginuid;
    case 'user.loginname':
      return user.loginname;
    case 'group.gid':
      return user.group.gid;
    case 'group.name':
      return user.group.name;
    case 'proc.name':
      return process.name;
    case 'proc.exepath':
      return process.exepath;
    case 'proc.exe':
      return process.exe ?? process.exepath;
    case 'proc.args':
      return process.args;
    case 'proc.cmdline':
      return commandLine(process.name, process.args);
    case 'proc.cwd':
      return activity.cwd.endsWith('/') ? activity.cwd : `${activity.cwd}/`;
    case 'proc.tty':
      return activity.tty ?? 0;
    case 'proc.env':
      return activity.env ?? defaultEnvironment(context);
    case 'proc.sname':
      return activity.sessionLeader ?? defaultSessionLeader(activity, context);
    case 'proc.pname':
      return parent?.name ?? null;
    case 'proc.pexe':
      return parent ? (parent.exe ?? parent.exepath) : null;
    case 'proc.pexepath':
      return parent?.exepath ?? null;
    case 'proc.pcmdline':
      return parent ? commandLine(parent.name, parent.args) : null;
    case 'proc.exe_ino.ctime':
    case 'proc.exe_ino.mtime':
      return context.time - binaryAge(activity);
    case 'proc.exe_ino.ctime_duration_proc_start':
      return binaryAge(activity);
    case 'thread.cap_effective':
    case 'thread.cap_permitted':
      return activity.capabilities ?? (user.uid === 0 ? DEFAULT_CONTAINER_CAPABILITIES : '');
  }
  return undefined;
}

function ancestorValue(kind: string, depth: number, activity: SyscallActivity): FieldValue {
  const chain = [activity.process, ...activity.parents];
  const ancestor = chain[depth];
  if (ancestor === undefined) return null;
  if (kind === 'aname') return ancestor.name;
  if (kind === 'aexepath') return ancestor.exepath;
  return null;
}

function eventArgument(name: string, activity: SyscallActivity): FieldValue {
  if (name === 'flags') return activity.flags ?? null;
  return activity.arguments?.[name] ?? null;
}

function fileDescriptorValue(field: string, activity: SyscallActivity): FieldValue | undefined {
  const connection = activity.connection;
  if (connection === undefined) {
    switch (field) {
      case 'fd.name':
        return activity.file ?? null;
      case 'fd.nameraw':
        return activity.rawFile ?? activity.file ?? null;
      case 'fd.type':
        return activity.file === undefined ? null : 'file';
    }
    return field.startsWith('fd.') ? null : undefined;
  }

  const { client, server } = connection;
  const local = connection.local === 'client' ? client : server;
  const remote = connection.local === 'client' ? server : client;
  const endpoints = `${client.ip}:${client.port}->${server.ip}:${server.port}`;

  const values: Record<string, FieldValue> = {
    'fd.name': endpoints,
    'fd.nameraw': endpoints,
    'fd.type': 'ipv4',
    'fd.l4proto': connection.protocol,
    'fd.lport': local.port,
    'fd.rport': remote.port,
    'fd.sport': server.port,
    'fd.cport': client.port,
    'fd.lip': local.ip,
    'fd.rip': remote.ip,
    'fd.sip': server.ip,
    'fd.cip': client.ip,
    'fd.lip.name': local.name ?? null,
    'fd.rip.name': remote.name ?? null,
    'fd.sip.name': server.name ?? null,
    'fd.cip.name': client.name ?? null,
  };
  return field in values ? values[field] : null;
}

function containerValue(field: string, context: SyscallContext): FieldValue | undefined {
  const pod = context.pod;
  switch (field) {
    case 'container.id':
      return pod?.containerId ?? 'host';
    case 'container.name':
      return pod?.containerName ?? 'host';
    case 'container.image.repository':
      return pod?.imageRepository ?? null;
    case 'container.image.tag':
      return pod?.imageTag ?? null;
    case 'container.start_ts':
      return pod?.startedAt ?? null;
    case 'container.mounts':
      return pod ? containerMounts(context) : null;
    case 'k8s.pod.name':
      return pod?.pod ?? null;
    case 'k8s.ns.name':
      return pod?.namespace ?? null;
  }
  return undefined;
}

/**
 * Mounts as space-separated source:destination:mode:read-write:propagation
 * items; node agents also mount host paths.
 */
function containerMounts(context: SyscallContext): string {
  const pod = context.pod!;
  const podDirectory = `/var/lib/kubelet/pods/${pod.podUid}`;
  const mounts = [
    `${podDirectory}/volumes/kubernetes.io~projected/kube-api-access-${pod.pod.slice(-5)}:/var/run/secrets/kubernetes.io/serviceaccount:ro:false:rprivate`,
    `${podDirectory}/etc-hosts:/etc/hosts::true:rprivate`,
  ];
  if (pod.workload.kind === 'DaemonSet') {
    mounts.push('/run/containerd/containerd.sock:/run/containerd/containerd.sock::true:rprivate');
    mounts.push('/proc:/host/proc:ro:false:rprivate');
  }
  return mounts.join(' ');
}

function commandLine(name: string, args: string): string {
  return args === '' ? name : `${name} ${args}`;
}

/** Time between writing the executable and running it; image binaries were written weeks ago. */
function binaryAge(activity: SyscallActivity): bigint {
  const seconds = activity.binaryAgeSeconds ?? 21 * 24 * 3600 + activity.process.name.length * 977;
  return BigInt(seconds) * NANOSECONDS_PER_SECOND + 123_456_789n;
}

function defaultEnvironment(context: SyscallContext): string {
  const hostname = context.pod?.pod ?? context.node;
  return `PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOSTNAME=${hostname} HOME=/root`;
}

/**
 * Returns the session leader. A shell with a terminal leads its own session,
 * otherwise the container's first process or systemd does.
 */
function defaultSessionLeader(activity: SyscallActivity, context: SyscallContext): string {
  if (activity.tty) {
    const shell = [activity.process, ...activity.parents].find(
      (process) => process.name === 'bash',
    );
    return shell?.name ?? activity.process.name;
  }
  return context.pod?.workload.profile.main.name ?? 'systemd';
}
