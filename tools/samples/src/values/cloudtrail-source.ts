import type { FieldValue } from '../format/field-value';
import type { SeededRandom } from '../random';
import { pickPluginHost } from './plugin-hosts';
import { pickTime, type SourceGenerator } from './source-generator';

const PROD_ACCOUNT = '111122223333';
const STAGING_ACCOUNT = '444455556666';

interface Identity {
  type: 'Root' | 'IAMUser' | 'AssumedRole';
  /** ct.user: the user name, or the role name for an assumed role. */
  user: string;
  arn: string;
  principalId: string;
}

interface TrailEvent {
  eventSource: string;
  eventName: string;
  region: string;
  identity: Identity;
}

/** Rule name patterns and the API call each rule watches. */
const CALLS: [RegExp, string, string][] = [
  [/console .*login/i, 'signin', 'ConsoleLogin'],
  [/deactivate mfa/i, 'iam', 'DeactivateMFADevice'],
  [/create aws user/i, 'iam', 'CreateUser'],
  [/create group/i, 'iam', 'CreateGroup'],
  [/delete group/i, 'iam', 'DeleteGroup'],
  [/ecs service/i, 'ecs', 'CreateService'],
  [/ecs task/i, 'ecs', 'RunTask'],
  [/create lambda/i, 'lambda', 'CreateFunction20150331'],
  [/lambda function code/i, 'lambda', 'UpdateFunctionCode20150331v2'],
  [/lambda function configuration/i, 'lambda', 'UpdateFunctionConfiguration20150331v2'],
  [/run instances/i, 'ec2', 'RunInstances'],
  [/bucket encryption/i, 's3', 'DeleteBucketEncryption'],
  [/public access block/i, 's3', 'DeleteBucketPublicAccessBlock'],
  [/list buckets/i, 's3', 'ListBuckets'],
  [/bucket acl/i, 's3', 'PutBucketAcl'],
  [/bucket policy/i, 's3', 'PutBucketPolicy'],
  [/trail created/i, 'cloudtrail', 'CreateTrail'],
  [/logging disabled/i, 'cloudtrail', 'StopLogging'],
];

/** Alerts from AWS CloudTrail, read by one Falco deployment for the organisation's accounts. */
export const cloudtrailSource: SourceGenerator = {
  appendedFields: [],

  draft({ rule, fields, random, fleet, window }) {
    const host = pickPluginHost(fleet, 'aws_cloudtrail', random);
    // CloudTrail records event times to the second.
    const time = pickTime(random, window, 1_000_000_000n);
    const event = describeEvent(rule.name, random);

    const values = new Map<string, FieldValue>(
      fields.map((field) => [field, trailFieldValue(field, event, random)]),
    );
    return { hostname: host.hostname, cluster: host.cluster, time, values };
  },
};

function describeEvent(ruleName: string, random: SeededRandom): TrailEvent {
  const [, service, eventName] =
    CALLS.find(([pattern]) => pattern.test(ruleName)) ?? random.pick(CALLS);
  const account = random.chance(0.75) ? PROD_ACCOUNT : STAGING_ACCOUNT;
  const region = /non-approved/i.test(ruleName)
    ? 'ap-southeast-3'
    : service === 'signin' || service === 'iam'
      ? 'us-east-1'
      : random.pick(['eu-west-1', 'us-east-1']);

  return {
    eventSource: `${service}.amazonaws.com`,
    eventName,
    region,
    identity: identityFor(ruleName, account, random),
  };
}

function identityFor(ruleName: string, account: string, random: SeededRandom): Identity {
  if (/root/i.test(ruleName)) {
    return {
      type: 'Root',
      user: 'root',
      arn: `arn:aws:iam::${account}:root`,
      principalId: account,
    };
  }
  if (/assume role/i.test(ruleName) || random.chance(0.5)) {
    const role = random.pick(['AcmePlatformAdmin', 'AcmeDeveloper', 'GitHubActionsDeploy']);
    const session =
      role === 'GitHubActionsDeploy'
        ? 'gha-payments-api-8123456789'
        : random.pick(['alice.martin', 'bob.nguyen']);
    return {
      type: 'AssumedRole',
      user: role,
      arn: `arn:aws:sts::${account}:assumed-role/${role}/${session}`,
      principalId: `AROA${random.hex(17).toUpperCase()}:${session}`,
    };
  }
  const user = random.pick(['terraform-ci', 'bob.nguyen', 'legacy-backup']);
  return {
    type: 'IAMUser',
    user,
    arn: `arn:aws:iam::${account}:user/${user}`,
    principalId: `AIDA${random.hex(17).toUpperCase()}`,
  };
}

function trailFieldValue(field: string, event: TrailEvent, random: SeededRandom): FieldValue {
  const { identity, region } = event;
  const account = identity.arn.split(':')[4];

  switch (field) {
    case 'ct.user':
      return identity.user;
    case 'ct.user.arn':
      return identity.arn;
    case 'ct.user.principalid':
      return identity.principalId;
    case 'ct.srcip':
      return `198.51.100.${random.integer(150, 199)}`;
    case 'ct.region':
      return region;
    case 'ct.id':
      return random.uuid();
    case 'ct.error':
      // The CloudTrail plugin reports "<NA>" as text when the call succeeded.
      return random.chance(0.85) ? '<NA>' : 'AccessDenied';
    case 'ct.request.serialnumber':
      return `arn:aws:iam::${account}:mfa/root-account-mfa-device`;
    case 'ct.request.username':
      return random.pick(['svc-reporting', 'contractor-ops', 'backup-exporter']);
    case 'ct.request.groupname':
      return random.pick(['Contractors', 'BreakGlass', 'ReadOnlyAuditors']);
    case 'ct.request.cluster':
      return 'payments-batch';
    case 'ct.request.servicename':
      return 'ledger-export';
    case 'ct.request.taskdefinition':
      return `ledger-export:${random.integer(10, 40)}`;
    case 'ct.request.functionname':
      return random.pick([
        'payments-webhook-relay',
        'checkout-image-resizer',
        'ledger-nightly-export',
      ]);
    case 'ct.request.availabilityzone':
      return `${region}${random.pick(['a', 'b', 'c'])}`;
    case 'ct.request.host':
      return `s3.${region}.amazonaws.com`;
    case 'ct.request.name':
      return event.eventName === 'StopLogging'
        ? `arn:aws:cloudtrail:${region}:${account}:trail/org-audit-trail`
        : 'org-audit-trail-secondary';
    case 'ct.request.policy':
      return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::acme-checkout-assets-prod/*"}]}`;
    case 'ct.response.subnetid':
      return `subnet-0${random.hex(16)}`;
    case 'ct.response.reservationid':
      return `r-0${random.hex(16)}`;
    case 'json.value[/responseElements/instancesSet/items/0/instanceId]':
      return `i-0${random.hex(16)}`;
    case 's3.bucket':
      return random.pick([
        'acme-payments-exports-prod',
        'acme-checkout-assets-prod',
        'acme-terraform-state',
      ]);
    case 'evt.num':
      return random.integer(10_000, 2_000_000);
    case 'evt.plugininfo':
      return `${region} ${identity.user} ${event.eventSource.replace('.amazonaws.com', '')} ${event.eventName} `;
  }
  return null;
}
