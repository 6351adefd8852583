import type { FieldValue } from '../format/field-value';
import type { SeededRandom } from '../random';
import { pickPluginHost } from './plugin-hosts';
import { pickTime, type SourceGenerator } from './source-generator';

interface AuditCall {
  service: string;
  method: string;
  permission: string;
}

/** Rule name patterns and the Google Cloud API call each rule watches. */
const CALLS: [RegExp, AuditCall][] = [
  [/sql database user/i, call('sqladmin', 'cloudsql.users.update', 'cloudsql.users.update')],
  [
    /sql database backup/i,
    call('sqladmin', 'cloudsql.backupRuns.delete', 'cloudsql.backupRuns.delete'),
  ],
  [/sql .*exported/i, call('sqladmin', 'cloudsql.instances.export', 'cloudsql.instances.export')],
  [
    /sql database instance deleted/i,
    call('sqladmin', 'cloudsql.instances.delete', 'cloudsql.instances.delete'),
  ],
  [
    /sql database instance/i,
    call('sqladmin', 'cloudsql.instances.update', 'cloudsql.instances.update'),
  ],
  [
    /bucket .*public|bucket permissions/i,
    call('storage', 'storage.setIamPermissions', 'storage.buckets.setIamPolicy'),
  ],
  [/bucket enumerated/i, call('storage', 'storage.objects.list', 'storage.objects.list')],
  [/bucket deleted/i, call('storage', 'storage.buckets.delete', 'storage.buckets.delete')],
  [/bucket updated/i, call('storage', 'storage.buckets.update', 'storage.buckets.update')],
  [
    /bigquery/i,
    call('bigquery', 'google.iam.v1.IAMPolicy.SetIamPolicy', 'bigquery.datasets.setIamPolicy'),
  ],
  [/vm stopped/i, call('compute', 'v1.compute.instances.stop', 'compute.instances.stop')],
  [/vm modified/i, call('compute', 'v1.compute.instances.insert', 'compute.instances.create')],
  [/firewall/i, call('compute', 'v1.compute.firewalls.patch', 'compute.firewalls.update')],
  [
    /waf|cloudarmor/i,
    call('compute', 'v1.compute.securityPolicies.patchRule', 'compute.securityPolicies.update'),
  ],
  [
    /backend service/i,
    call('compute', 'v1.compute.backendServices.delete', 'compute.backendServices.delete'),
  ],
  [
    /service account key created/i,
    call('iam', 'google.iam.admin.v1.CreateServiceAccountKey', 'iam.serviceAccountKeys.create'),
  ],
  [
    /service account key deleted/i,
    call('iam', 'google.iam.admin.v1.DeleteServiceAccountKey', 'iam.serviceAccountKeys.delete'),
  ],
  [
    /service account created/i,
    call('iam', 'google.iam.admin.v1.CreateServiceAccount', 'iam.serviceAccounts.create'),
  ],
  [
    /service account deleted/i,
    call('iam', 'google.iam.admin.v1.DeleteServiceAccount', 'iam.serviceAccounts.delete'),
  ],
  [
    /service account modified/i,
    call('iam', 'google.iam.admin.v1.PatchServiceAccount', 'iam.serviceAccounts.update'),
  ],
  [/custom role created/i, call('iam', 'google.iam.admin.v1.CreateRole', 'iam.roles.create')],
  [/custom role modified/i, call('iam', 'google.iam.admin.v1.UpdateRole', 'iam.roles.update')],
  [
    /iam policy/i,
    call('cloudresourcemanager', 'SetIamPolicy', 'resourcemanager.projects.setIamPolicy'),
  ],
  [
    /function created/i,
    call(
      'cloudfunctions',
      'google.cloud.functions.v1.CloudFunctionsService.CreateFunction',
      'cloudfunctions.functions.create',
    ),
  ],
  [
    /function deleted/i,
    call(
      'cloudfunctions',
      'google.cloud.functions.v1.CloudFunctionsService.DeleteFunction',
      'cloudfunctions.functions.delete',
    ),
  ],
  [
    /function modified/i,
    call(
      'cloudfunctions',
      'google.cloud.functions.v1.CloudFunctionsService.UpdateFunction',
      'cloudfunctions.functions.update',
    ),
  ],
  [/keyring/i, call('cloudkms', 'CreateKeyRing', 'cloudkms.keyRings.create')],
  [/kms created/i, call('cloudkms', 'CreateCryptoKey', 'cloudkms.cryptoKeys.create')],
  [/kms updated/i, call('cloudkms', 'UpdateCryptoKey', 'cloudkms.cryptoKeys.update')],
  [
    /kms deleted/i,
    call('cloudkms', 'DestroyCryptoKeyVersion', 'cloudkms.cryptoKeyVersions.destroy'),
  ],
  [
    /topic deleted/i,
    call('pubsub', 'google.pubsub.v1.Publisher.DeleteTopic', 'pubsub.topics.delete'),
  ],
  [
    /subscription modified/i,
    call('pubsub', 'google.pubsub.v1.Subscriber.UpdateSubscription', 'pubsub.subscriptions.update'),
  ],
  [
    /subscription deleted/i,
    call('pubsub', 'google.pubsub.v1.Subscriber.DeleteSubscription', 'pubsub.subscriptions.delete'),
  ],
  [
    /sink modified/i,
    call('logging', 'google.logging.v2.ConfigServiceV2.UpdateSink', 'logging.sinks.update'),
  ],
  [
    /sink deleted/i,
    call('logging', 'google.logging.v2.ConfigServiceV2.DeleteSink', 'logging.sinks.delete'),
  ],
];

const PROJECTS = ['acme-prod-payments', 'acme-shared-data', 'acme-staging'];
const USER_AGENTS = [
  'google-cloud-sdk gcloud/468.0.0 command/gcloud.alpha invocation-id/5f1c2a7e9b3d4c6f environment/None',
  'Terraform/1.7.5 (+https://www.terraform.io) Terraform-Plugin-SDK/2.33.0 terraform-provider-google/5.21.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36,gzip(gfe)',
];

function call(service: string, method: string, permission: string): AuditCall {
  return { service: `${service}.googleapis.com`, method, permission };
}

/** Alerts from Google Cloud audit logs, read by one Falco deployment through Pub/Sub. */
export const gcpAuditSource: SourceGenerator = {
  appendedFields: [],

  draft({ rule, fields, random, fleet, window }) {
    const host = pickPluginHost(fleet, 'gcp_auditlog', random);
    const time = pickTime(random, window, 1000n);
    const [, auditCall] = CALLS.find(([pattern]) => pattern.test(rule.name)) ?? random.pick(CALLS);
    const project = random.pick(PROJECTS);

    const values = new Map<string, FieldValue>(
      fields.map((field) => [field, gcpFieldValue(field, auditCall, project, random)]),
    );
    return { hostname: host.hostname, cluster: host.cluster, time, values };
  },
};

function gcpFieldValue(
  field: string,
  auditCall: AuditCall,
  project: string,
  random: SeededRandom,
): FieldValue {
  const resource = `projects/${project}`;

  switch (field) {
    case 'gcp.projectId':
      return project;
    case 'gcp.user':
      return random.chance(0.6)
        ? 'alice.martin@acme.example'
        : `terraform@${project}.iam.gserviceaccount.com`;
    case 'gcp.callerIP':
      return `192.0.2.${random.integer(100, 199)}`;
    case 'gcp.userAgent':
      return random.pick(USER_AGENTS);
    case 'gcp.serviceName':
      return auditCall.service;
    case 'gcp.methodName':
      return auditCall.method;
    case 'gcp.authorizationInfo':
      return JSON.stringify([
        { granted: true, permission: auditCall.permission, resource, resourceAttributes: {} },
      ]);
    case 'gcp.policyDelta':
      return JSON.stringify([
        auditCall.service.startsWith('storage')
          ? { action: 'ADD', member: 'allUsers', role: 'roles/storage.objectViewer' }
          : { action: 'ADD', member: 'user:contractor.ops@partner.example', role: 'roles/owner' },
      ]);
    case 'gcp.request':
      return JSON.stringify({
        '@type': `type.googleapis.com/${auditCall.service.split('.')[0]}.Request`,
        resource,
      });
    case 'gcp.storage.bucket':
      return random.pick(['acme-prod-exports', 'acme-invoices-archive', 'acme-ml-datasets']);
    case 'gcp.cloudsql.databaseId':
      return `${project}:payments-pg`;
    case 'gcp.cloudfunctions.function':
      return `projects/${project}/locations/europe-west1/functions/invoice-pdf`;
    case 'json.value[/resource/labels/dataset_id]':
      return 'payments_analytics';
    case 'json.value[/resource/labels/key_ring_id]':
      return 'payments-keys';
    case 'json.value[/resource/labels/crypto_key_id]':
      return 'card-tokenization';
    case 'json.value[/resource/labels/policy_name]':
      return 'edge-waf-policy';
  }
  return null;
}
