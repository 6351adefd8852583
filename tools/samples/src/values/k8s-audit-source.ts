import type { PodContainer } from '../fleet/fleet-types';
import type { FieldValue } from '../format/field-value';
import { formatAlertTime } from '../format/falco-time';
import type { SeededRandom } from '../random';
import { pickPluginHost } from './plugin-hosts';
import { pickTime, type SourceGenerator } from './source-generator';

/** The parts of a Kubernetes API request that the k8saudit fields read. */
interface AuditRequest {
  user: string;
  groups: string[];
  verb: string;
  resource: string;
  apiPath: string;
  namespace: string | null;
  name: string;
  subresource: string | null;
  query: string;
  code: number;
  allowed: boolean;
  authReason: string;
  sourceIp: string;
  userAgent: string;
}

const RESOURCES: [RegExp, string, string][] = [
  [/ephemeralcontainers/i, 'pods', '/api/v1'],
  [
    /clusterrolebinding|cluster-admin/i,
    'clusterrolebindings',
    '/apis/rbac.authorization.k8s.io/v1',
  ],
  [/rolebinding/i, 'rolebindings', '/apis/rbac.authorization.k8s.io/v1'],
  [/clusterrole/i, 'clusterroles', '/apis/rbac.authorization.k8s.io/v1'],
  [/\brole\b/i, 'roles', '/apis/rbac.authorization.k8s.io/v1'],
  [/service ?account/i, 'serviceaccounts', '/api/v1'],
  [/service/i, 'services', '/api/v1'],
  [/deployment/i, 'deployments', '/apis/apps/v1'],
  [/config ?map/i, 'configmaps', '/api/v1'],
  [/namespace created|namespace deleted|disallowed namespace/i, 'namespaces', '/api/v1'],
  [/secret/i, 'secrets', '/api/v1'],
  [/ingress/i, 'ingresses', '/apis/networking.k8s.io/v1'],
  [/node/i, 'nodes', '/api/v1'],
  [/pod|attach|exec|port-forward/i, 'pods', '/api/v1'],
];

const CLUSTER_SCOPED = new Set(['namespaces', 'clusterroles', 'clusterrolebindings', 'nodes']);

const PEOPLE = [
  'arn:aws:sts::111122223333:assumed-role/AcmePlatformAdmin/alice.martin',
  'arn:aws:sts::111122223333:assumed-role/AcmeDeveloper/bob.nguyen',
  'arn:aws:sts::111122223333:assumed-role/AcmeOnCall/carla.rossi',
];
const AUTOMATION = [
  'system:serviceaccount:argocd:argocd-application-controller',
  'system:serviceaccount:kube-system:replicaset-controller',
  'system:serviceaccount:payments:payments-deployer',
];

const NAMES_BY_RESOURCE: Record<string, string[]> = {
  secrets: [
    'payments-db-credentials',
    'stripe-api-key',
    'sh.helm.release.v1.payments-api.v42',
    'checkout-session-key',
  ],
  configmaps: ['payments-api-config', 'checkout-web-env', 'feature-flags'],
  serviceaccounts: ['ci-runner', 'debug-sa', 'payments-deployer'],
  roles: ['payments-deployer', 'secret-reader', 'pod-debugger'],
  clusterroles: ['ci-admin', 'system:aggregate-to-edit', 'namespace-reader'],
  rolebindings: ['payments-deployer-binding', 'secret-reader-binding'],
  clusterrolebindings: ['ci-admin-binding', 'oncall-cluster-admin'],
  namespaces: ['tmp-debug', 'loadtest-2', 'crypto-test'],
  services: ['checkout-web-nodeport', 'payments-api', 'checkout-web'],
  ingresses: ['checkout-web', 'payments-api-internal'],
  nodes: ['ip-203-0-113-201.ec2.internal', 'ip-198-51-100-240.eu-west-1.compute.internal'],
};

/** Alerts from Kubernetes audit logs, read by a Falco deployment in each cluster. */
export const k8sAuditSource: SourceGenerator = {
  appendedFields: [],

  draft({ rule, fields, random, fleet, window }) {
    const host = pickPluginHost(fleet, 'k8s_audit', random);
    const pods = fleet.pods.filter((pod) => pod.cluster === host.cluster);
    const time = pickTime(random, window, 1000n);
    const request = describeRequest(rule.name, random, pods);

    const values = new Map<string, FieldValue>(
      fields.map((field) => [field, auditFieldValue(field, request, random, time)]),
    );
    return { hostname: host.hostname, cluster: host.cluster, time, values };
  },
};

function describeRequest(
  ruleName: string,
  random: SeededRandom,
  pods: PodContainer[],
): AuditRequest {
  const [, resource, apiPrefix] = RESOURCES.find(([pattern]) => pattern.test(ruleName)) ?? [
    /./,
    random.pick(['pods', 'secrets', 'configmaps', 'deployments']),
    '/api/v1',
  ];
  const pod = random.pick(pods);

  const verb = verbFor(ruleName, random);
  const subresource = /ephemeral/i.test(ruleName)
    ? 'ephemeralcontainers'
    : /port-forward/i.test(ruleName)
      ? 'portforward'
      : /attach|exec/i.test(ruleName)
        ? 'exec'
        : null;

  const namespace = CLUSTER_SCOPED.has(resource)
    ? null
    : /kube namespace/i.test(ruleName)
      ? 'kube-system'
      : pod.namespace;
  const name = nameFor(resource, ruleName, pod, random);

  const user = userFor(ruleName, random);
  const denied = /unsuccessfully/i.test(ruleName);
  let code = verb === 'create' && subresource !== 'exec' ? 201 : 200;
  if (denied) code = 403;
  const scope = namespace === null ? '' : `/namespaces/${namespace}`;
  const collection = resource === 'namespaces' ? '/namespaces' : `${scope}/${resource}`;

  return {
    user,
    groups: user === 'system:anonymous' ? ['system:unauthenticated'] : ['system:authenticated'],
    verb,
    resource,
    apiPath:
      verb === 'create' && subresource === null
        ? `${apiPrefix}${collection}`
        : `${apiPrefix}${collection}/${name}`,
    namespace,
    name,
    subresource,
    query:
      subresource === 'exec'
        ? `?command=sh&container=${pod.containerName}&stdin=true&stdout=true&tty=true`
        : '',
    code,
    allowed: !denied,
    authReason: authReasonFor(user, denied),
    sourceIp: `198.51.100.${random.integer(200, 230)}`,
    userAgent: user.startsWith('system:serviceaccount')
      ? 'argocd-application-controller/v2.10.4 (linux/amd64)'
      : 'kubectl/v1.29.3 (darwin/arm64) kubernetes/6813625',
  };
}

function verbFor(ruleName: string, random: SeededRandom): string {
  if (
    /attach|exec|port-forward|ephemeral|created|create |started|joined|wildcard|with write|with pod exec/i.test(
      ruleName,
    )
  ) {
    return /ephemeral/i.test(ruleName) ? 'patch' : 'create';
  }
  if (/deleted/i.test(ruleName))
    return /modified/i.test(ruleName) ? random.pick(['update', 'delete']) : 'delete';
  if (/get |anonymous/i.test(ruleName)) return 'get';
  if (/modif/i.test(ruleName)) return 'update';
  if (/cluster-admin/i.test(ruleName)) return 'create';
  return random.pick(['get', 'list', 'create', 'update', 'patch', 'delete']);
}

function userFor(ruleName: string, random: SeededRandom): string {
  if (/anonymous/i.test(ruleName)) return 'system:anonymous';
  if (/node .*join/i.test(ruleName)) return 'system:node:ip-203-0-113-201.ec2.internal';
  if (/full .*admin/i.test(ruleName)) return 'kubernetes-admin';
  if (/disallowed k8s user/i.test(ruleName))
    return 'arn:aws:sts::444455556666:assumed-role/ContractorAccess/dave.kim';
  return random.chance(0.6) ? random.pick(PEOPLE) : random.pick(AUTOMATION);
}

function nameFor(
  resource: string,
  ruleName: string,
  pod: PodContainer,
  random: SeededRandom,
): string {
  if (resource === 'pods')
    return /kube namespace/i.test(ruleName) ? `debug-tools-${random.podSuffix(5)}` : pod.pod;
  if (resource === 'deployments') return pod.workload.name;
  if (/system clusterrole/i.test(ruleName)) return 'system:controller:deployment-controller';
  if (/cluster-admin/i.test(ruleName)) return 'oncall-cluster-admin';
  return random.pick(NAMES_BY_RESOURCE[resource] ?? ['unknown']);
}

function authReasonFor(user: string, denied: boolean): string {
  if (denied) return '';
  if (user === 'system:anonymous') {
    return 'RBAC: allowed by ClusterRoleBinding "system:public-info-viewer" of ClusterRole "system:public-info-viewer" to Group "system:unauthenticated"';
  }
  if (user.startsWith('system:serviceaccount')) {
    return `RBAC: allowed by ClusterRoleBinding "argocd-application-controller" of ClusterRole "argocd-application-controller" to ServiceAccount "${user.split(':').at(-1)}/${user.split(':').at(-2)}"`;
  }
  return 'RBAC: allowed by ClusterRoleBinding "eks:platform-admins" of ClusterRole "cluster-admin" to Group "platform-admins"';
}

function auditFieldValue(
  field: string,
  request: AuditRequest,
  random: SeededRandom,
  time: bigint,
): FieldValue {
  switch (field) {
    case 'ka.user.name':
      return request.user;
    case 'ka.verb':
      return request.verb;
    case 'ka.uri':
      return `${request.apiPath}${request.subresource ? `/${request.subresource}` : ''}${request.query}`;
    case 'ka.uri.param[command]':
      return request.subresource === 'exec' ? 'sh' : null;
    case 'ka.target.name':
    case 'ka.resp.name':
      return request.name;
    case 'ka.target.namespace':
      return request.namespace;
    case 'ka.target.resource':
      return request.resource;
    case 'ka.target.subresource':
      return request.subresource;
    case 'ka.response.code':
      return String(request.code);
    case 'ka.response.reason':
      return request.allowed ? null : 'Forbidden';
    case 'ka.auth.decision':
      return request.allowed ? 'allow' : 'forbid';
    case 'ka.auth.reason':
      return request.authReason;
    case 'ka.req.pod.containers.image':
      return [
        random.pick([
          'docker.io/library/busybox:1.36',
          'ghcr.io/acme/payments-api:1.42.0',
          'docker.io/nicolaka/netshoot:v0.12',
        ]),
      ];
    case 'ka.req.pod.initContainers.image':
      return random.chance(0.5) ? ['docker.io/library/busybox:1.36'] : null;
    case 'ka.req.pod.ephemeralContainers.image':
    case 'jevt.value[/requestObject/ephemeralContainers/0/image]':
      return field.startsWith('ka.')
        ? ['docker.io/nicolaka/netshoot:v0.12']
        : 'docker.io/nicolaka/netshoot:v0.12';
    case 'jevt.value[/requestObject/ephemeralContainers/0/name]':
      return `debugger-${random.podSuffix(5)}`;
    case 'jevt.value[/requestObject/spec/volumes]':
      return '[{"hostPath":{"path":"/var/run/containerd/containerd.sock","type":"Socket"},"name":"containerd-sock"}]';
    case 'ka.req.service.ports':
      return ['{"nodePort":30080,"port":80,"protocol":"TCP","targetPort":8080}'];
    case 'ka.req.configmap.name':
      return request.name;
    case 'ka.req.binding.subjects':
      return ['{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"carla.rossi"}'];
    case 'ka.req.binding.role':
      return /cluster-admin/.test(request.name) ? 'cluster-admin' : 'edit';
    case 'ka.req.role.rules':
      return [
        '{"apiGroups":["*"],"resources":["*"],"verbs":["*"]}',
        '{"apiGroups":[""],"resources":["pods/exec"],"verbs":["create","get"]}',
      ];
    case 'jevt.obj':
      return auditEventJson(request, random, time);
  }
  return null;
}

/** Builds the whole audit event as the API server logs it, for rules that print the raw object. */
function auditEventJson(request: AuditRequest, random: SeededRandom, time: bigint): string {
  // Audit timestamps carry microseconds.
  const stamp = `${formatAlertTime(time).slice(0, 26)}Z`;
  return JSON.stringify({
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: random.uuid(),
    stage: 'ResponseComplete',
    requestURI: request.apiPath,
    verb: request.verb,
    user: { username: request.user, groups: request.groups },
    sourceIPs: [request.sourceIp],
    userAgent: request.userAgent,
    objectRef: {
      resource: request.resource,
      namespace: request.namespace ?? undefined,
      name: request.name,
      apiVersion: 'v1',
    },
    responseStatus: { metadata: {}, code: request.code },
    requestReceivedTimestamp: stamp,
    stageTimestamp: stamp,
  });
}
