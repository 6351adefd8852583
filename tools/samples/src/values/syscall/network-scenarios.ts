import {
  clusterAddress,
  externalAddress,
  inbound,
  interactive,
  mainProcess,
  nodeAddress,
  outbound,
  proc,
  spawned,
  SYSTEMD,
  type Scenario,
} from './syscall-activity';

/** The link-local address of the cloud instance metadata service, which the metadata rules watch. */
const INSTANCE_METADATA_ADDRESS = '169.254.169.254';

/** Scenarios about network connections and sockets. */
export const NETWORK_SCENARIOS: Scenario[] = [
  {
    id: 'kubernetes-api',
    pattern: /k8s api server/i,
    placement: 'container',
    build: (context) =>
      interactive(
        context,
        'connect',
        proc('curl', '/usr/bin/curl', '-sk https://kubernetes.default.svc/api/v1/secrets'),
        {
          connection: outbound(context, { ip: clusterAddress(context, 1), port: 443 }),
        },
      ),
  },
  {
    id: 'instance-metadata',
    pattern: /metadata/i,
    placement: 'container',
    build: (context) =>
      interactive(
        context,
        'connect',
        proc(
          'curl',
          '/usr/bin/curl',
          `-s http://${INSTANCE_METADATA_ADDRESS}/latest/meta-data/iam/security-credentials/`,
        ),
        { connection: outbound(context, { ip: INSTANCE_METADATA_ADDRESS, port: 80 }) },
      ),
  },
  {
    id: 'packet-socket',
    pattern: /packet socket/i,
    placement: 'container',
    build: (context) =>
      interactive(
        context,
        'socket',
        proc('tcpdump', '/usr/bin/tcpdump', '-i eth0 -w /tmp/cap.pcap'),
        {
          eventArgs: 'fd=3(<p>) domain=17(AF_PACKET) type=3 proto=768',
        },
      ),
  },
  {
    id: 'ssh-non-standard-port',
    pattern: /ssh connection/i,
    build: (context) =>
      interactive(context, 'connect', proc('ssh', '/usr/bin/ssh', '-p 2222 backup@203.0.113.229'), {
        connection: outbound(context, { ip: '203.0.113.229', port: 2222 }),
      }),
  },
  {
    id: 'system-binary-network',
    pattern: /system procs network/i,
    placement: 'host',
    build: (context) => ({
      eventType: 'connect',
      process: proc('sha1sum', '/usr/bin/sha1sum', ''),
      parents: [
        proc('bash', '/usr/bin/bash', '-c /opt/.u/update.sh'),
        proc('cron', '/usr/sbin/crond', '-n'),
        SYSTEMD,
      ],
      user: {
        name: 'root',
        uid: 0,
        loginuid: -1,
        loginname: '<NA>',
        group: { name: 'root', gid: 0 },
      },
      cwd: '/root',
      connection: outbound(context, { ip: externalAddress(context), port: 80 }),
    }),
  },
  {
    id: 'unexpected-udp',
    pattern: /udp/i,
    build: (context) =>
      spawned(context, 'sendto', mainProcess(context), {
        connection: outbound(context, { ip: externalAddress(context), port: 5353 }, 'udp'),
      }),
  },
  {
    id: 'outside-subnet',
    pattern: /outside local subnet/i,
    placement: 'container',
    build: (context) =>
      spawned(context, 'connect', mainProcess(context), {
        connection: outbound(context, {
          ip: externalAddress(context),
          port: 443,
          name: 'hooks.partner-bank.example',
        }),
      }),
  },
  {
    id: 'inbound-connection',
    pattern: /inbound connection|inbound network/i,
    build: (context) =>
      spawned(context, 'accept4', mainProcess(context), {
        connection: inbound(context, 8080, { ip: externalAddress(context) }),
      }),
  },
  {
    id: 'interpreter-outbound',
    pattern: /outbound network activity/i,
    build: (context) =>
      spawned(
        context,
        'connect',
        proc('python3', '/usr/local/bin/python3.12', '-m ledger.export'),
        {
          connection: outbound(context, { ip: externalAddress(context), port: 443 }),
        },
      ),
  },
  {
    id: 'nodeport',
    pattern: /nodeport/i,
    placement: 'container',
    build: (context) =>
      spawned(context, 'connect', mainProcess(context), {
        connection: outbound(context, { ip: nodeAddress(context.node), port: 30080 }),
      }),
  },
  {
    id: 'miner-pool',
    pattern: /miner pool/i,
    build: (context) =>
      interactive(context, 'connect', proc('xmrig', '/tmp/.x/xmrig', '-o 203.0.113.250:3333'), {
        connection: outbound(context, { ip: '203.0.113.250', port: 3333 }),
        flags: null,
      }),
  },
  {
    id: 'java-class-download',
    pattern: /class file download/i,
    placement: 'container',
    build: (context) =>
      spawned(context, 'connect', mainProcess(context), {
        connection: outbound(context, { ip: '203.0.113.247', port: 8000 }),
      }),
  },
];
