import type { ClusterSpec, UserInfo, WorkloadProfile, WorkloadSpec } from './fleet-types';

function containerUser(
  name: string | null,
  uid: number,
  groupName: string | null = name,
): UserInfo {
  return { name, uid, loginuid: -1, loginname: '<NA>', group: { name: groupName, gid: uid } };
}

export const ROOT_IN_CONTAINER = containerUser('root', 0);

/** A node administrator who logged in over SSH, so loginuid names them even after sudo. */
export const NODE_ADMIN: UserInfo = {
  name: 'ec2-user',
  uid: 1000,
  loginuid: 1000,
  loginname: 'ec2-user',
  group: { name: 'ec2-user', gid: 1000 },
};

export const ROOT_VIA_SUDO: UserInfo = {
  ...NODE_ADMIN,
  name: 'root',
  uid: 0,
  group: { name: 'root', gid: 0 },
};

const profiles = {
  paymentsApi: {
    main: {
      name: 'java',
      exepath: '/opt/java/openjdk/bin/java',
      args: '-XX:MaxRAMPercentage=75.0 -Dspring.profiles.active=prod -jar /app/payments-api.jar',
    },
    user: containerUser('app', 10001),
    workdir: '/app',
  },
  checkoutWeb: {
    main: {
      name: 'node',
      exepath: '/usr/local/bin/node',
      args: '--enable-source-maps dist/server.js',
    },
    user: containerUser('node', 1000),
    workdir: '/home/node/app',
  },
  ledgerReconcile: {
    main: {
      name: 'python3',
      exepath: '/usr/local/bin/python3.12',
      args: '-m ledger.reconcile --since=24h',
    },
    user: containerUser('ledger', 10002),
    workdir: '/srv/ledger',
  },
  postgres: {
    main: {
      name: 'postgres',
      exepath: '/opt/bitnami/postgresql/bin/postgres',
      args: '-D /bitnami/postgresql/data --config-file=/opt/bitnami/postgresql/conf/postgresql.conf',
    },
    user: containerUser(null, 1001),
    workdir: '/',
  },
  redis: {
    main: { name: 'redis-server', exepath: '/usr/local/bin/redis-server', args: '*:6379' },
    user: containerUser('redis', 999),
    workdir: '/data',
  },
  ingressNginx: {
    main: {
      name: 'nginx',
      exepath: '/usr/bin/nginx',
      args: '-c /etc/nginx/nginx.conf',
      exe: 'nginx: worker process',
    },
    user: containerUser('www-data', 101),
    workdir: '/etc/nginx',
  },
  haproxyIngress: {
    main: {
      name: 'haproxy',
      exepath: '/usr/local/sbin/haproxy',
      args: '-W -db -S /var/run/haproxy-master.sock,level,admin -f /etc/haproxy/haproxy.cfg',
    },
    user: containerUser('haproxy', 1000),
    workdir: '/',
  },
  coredns: {
    main: { name: 'coredns', exepath: '/coredns', args: '-conf /etc/coredns/Corefile' },
    user: containerUser(null, 65532),
    workdir: '/',
  },
  awsNode: {
    main: { name: 'aws-k8s-agent', exepath: '/app/aws-k8s-agent', args: '' },
    user: ROOT_IN_CONTAINER,
    workdir: '/app',
  },
  k6: {
    main: {
      name: 'k6',
      exepath: '/usr/bin/k6',
      args: 'run --vus 200 --duration 30m /scripts/checkout-soak.js',
    },
    user: containerUser('k6', 12345),
    workdir: '/home/k6',
  },
  locust: {
    main: {
      name: 'locust',
      exepath: '/opt/venv/bin/python3',
      args: '/opt/venv/bin/locust -f /mnt/locust/checkout.py --master',
    },
    user: containerUser('locust', 1000),
    workdir: '/home/locust',
  },
} satisfies Record<string, WorkloadProfile>;

function workload(
  namespace: string,
  name: string,
  kind: WorkloadSpec['kind'],
  image: string,
  profile: WorkloadProfile,
  pods: number,
  container = name,
): WorkloadSpec {
  const separator = image.lastIndexOf(':');
  return {
    namespace,
    name,
    kind,
    container,
    image: { repository: image.slice(0, separator), tag: image.slice(separator + 1) },
    profile,
    pods,
  };
}

function awsSystemWorkloads(region: string): WorkloadSpec[] {
  const registry = `602401143452.dkr.ecr.${region}.amazonaws.com`;
  return [
    workload(
      'kube-system',
      'coredns',
      'Deployment',
      'registry.k8s.io/coredns/coredns:v1.11.1',
      profiles.coredns,
      2,
    ),
    workload(
      'kube-system',
      'aws-node',
      'DaemonSet',
      `${registry}/amazon-k8s-cni:v1.18.1`,
      profiles.awsNode,
      2,
    ),
  ];
}

const paymentsWorkloads = [
  workload(
    'payments',
    'payments-api',
    'Deployment',
    'ghcr.io/acme/payments-api:1.42.0',
    profiles.paymentsApi,
    3,
  ),
  workload(
    'payments',
    'payments-db',
    'StatefulSet',
    'docker.io/bitnami/postgresql:16.2.0',
    profiles.postgres,
    2,
    'postgresql',
  ),
  workload(
    'payments',
    'ledger-reconcile',
    'CronJob',
    'ghcr.io/acme/ledger-reconcile:2.3.1',
    profiles.ledgerReconcile,
    1,
  ),
];

const checkoutWorkloads = [
  workload(
    'checkout',
    'checkout-web',
    'Deployment',
    'ghcr.io/acme/checkout-web:3.8.2',
    profiles.checkoutWeb,
    3,
  ),
  workload(
    'checkout',
    'checkout-redis',
    'StatefulSet',
    'docker.io/library/redis:7.2.4',
    profiles.redis,
    3,
    'redis',
  ),
];

/**
 * The modelled fleet: three EKS clusters with a few nodes each. Node names
 * follow EC2 private DNS names but use documentation addresses.
 */
export const FLEET: readonly ClusterSpec[] = [
  {
    name: 'prod-eu-west-1',
    cloud: 'aws',
    region: 'eu-west-1',
    nodes: [
      'ip-198-51-100-11.eu-west-1.compute.internal',
      'ip-198-51-100-23.eu-west-1.compute.internal',
      'ip-198-51-100-47.eu-west-1.compute.internal',
      'ip-198-51-100-86.eu-west-1.compute.internal',
    ],
    workloads: [
      ...paymentsWorkloads,
      ...checkoutWorkloads,
      workload(
        'ingress-nginx',
        'ingress-nginx-controller',
        'Deployment',
        'registry.k8s.io/ingress-nginx/controller:v1.10.1',
        profiles.ingressNginx,
        2,
        'controller',
      ),
      ...awsSystemWorkloads('eu-west-1'),
    ],
  },
  {
    name: 'prod-us-east-1',
    cloud: 'aws',
    region: 'us-east-1',
    nodes: [
      'ip-203-0-113-14.ec2.internal',
      'ip-203-0-113-52.ec2.internal',
      'ip-203-0-113-99.ec2.internal',
    ],
    workloads: [
      ...paymentsWorkloads,
      ...checkoutWorkloads,
      workload(
        'haproxy-controller',
        'haproxy-kubernetes-ingress',
        'Deployment',
        'haproxytech/kubernetes-ingress:1.11.3',
        profiles.haproxyIngress,
        2,
        'kubernetes-ingress-controller',
      ),
      ...awsSystemWorkloads('us-east-1'),
    ],
  },
  {
    name: 'staging-eu-west-1',
    cloud: 'aws',
    region: 'eu-west-1',
    nodes: ['ip-192-0-2-31.eu-west-1.compute.internal', 'ip-192-0-2-62.eu-west-1.compute.internal'],
    workloads: [
      ...checkoutWorkloads,
      workload(
        'loadtest',
        'k6-checkout-soak',
        'CronJob',
        'grafana/k6:0.50.0',
        profiles.k6,
        2,
        'k6',
      ),
      workload(
        'loadtest',
        'locust-master',
        'Deployment',
        'locustio/locust:2.24.1',
        profiles.locust,
        1,
      ),
      ...awsSystemWorkloads('eu-west-1'),
    ],
  },
];
