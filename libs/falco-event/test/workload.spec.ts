import type { FalcoAlert } from '../src/alert-types';
import { deriveWorkload } from '../src/workload/derive-workload';
import { extractWorkload } from '../src/workload/extract-workload';
import { splitImageReference } from '../src/workload/image-reference';
import {
  CLOUDTRAIL_ALERT,
  copyAlert,
  GCP_ALERT,
  GITHUB_ALERT,
  INTERNAL_DROP_ALERT,
  K8S_AUDIT_ALERT,
  OKTA_ALERT,
  SYSCALL_ALERT,
} from './fixtures/sample-alerts';

const CONTEXT = { cluster: 'prod-eu-1', region: 'eu-west-1' };

function alertWithFields(fields: FalcoAlert['output_fields']): FalcoAlert {
  return { time: '2024-05-31T17:20:42Z', rule: 'r', priority: 'Notice', output_fields: fields };
}

describe('deriveWorkload', () => {
  it.each([
    ['api-7d9f8c6b5-x2k4q', 'Deployment', 'api'],
    ['payments-api-5c9b8d7f64-bq2zr', 'Deployment', 'payments-api'],
    ['web-74d5f9c8b-qtz7w', 'Deployment', 'web'],
    ['backup-28312345-abcde', 'CronJob', 'backup'],
    ['nightly-report-29012960-m7x2p', 'CronJob', 'nightly-report'],
    ['migrate-3-bcdfg', 'Job', 'migrate'],
    ['db-0', 'StatefulSet', 'db'],
    ['kafka-broker-12', 'StatefulSet', 'kafka-broker'],
    ['node-exporter-x2k4q', 'DaemonSetOrJob', 'node-exporter'],
    ['falco-9xk2p', 'DaemonSetOrJob', 'falco'],
    ['nginx', 'Pod', 'nginx'],
    ['debug-shell', 'Pod', 'debug-shell'],
    ['my-nginx', 'Pod', 'my-nginx'],
    ['kube-apiserver-ip-10-0-1-2.ec2.internal', 'Pod', 'kube-apiserver-ip-10-0-1-2.ec2.internal'],
  ])('derives %s as %s %s', (podName, kind, name) => {
    expect(deriveWorkload(podName)).toEqual({ kind, name });
  });

  // Documented limits: these names are ambiguous, and the result shows which way they fall.
  it.each([
    ['etcd-node-1', 'StatefulSet', 'etcd-node'],
    ['job-runner-x2k4q', 'DaemonSetOrJob', 'job-runner'],
    ['legacy-3645582935-xhzsk', 'CronJob', 'legacy'],
  ])('reads the ambiguous name %s as %s %s', (podName, kind, name) => {
    expect(deriveWorkload(podName)).toEqual({ kind, name });
  });
});

describe('splitImageReference', () => {
  it.each([
    ['nginx', { repository: 'nginx' }],
    ['nginx:1.25', { repository: 'nginx', tag: '1.25' }],
    ['docker.io/library/nginx:1.25', { repository: 'docker.io/library/nginx', tag: '1.25' }],
    ['registry:5000/team/api', { repository: 'registry:5000/team/api' }],
    ['registry:5000/team/api:1.4', { repository: 'registry:5000/team/api', tag: '1.4' }],
    ['api@sha256:abc123', { repository: 'api', digest: 'sha256:abc123' }],
    ['api:1.4@sha256:abc123', { repository: 'api', tag: '1.4', digest: 'sha256:abc123' }],
    ['', {}],
  ])('splits %p', (reference, expected) => {
    expect(splitImageReference(reference)).toEqual(expected);
  });
});

describe('extractWorkload', () => {
  it('reads a syscall alert from Kubernetes', () => {
    expect(extractWorkload(copyAlert(SYSCALL_ALERT), CONTEXT)).toEqual({
      cluster: 'prod-eu-1',
      region: 'eu-west-1',
      namespace: 'payments',
      pod: 'api-7d9f8c6b5-x2k4q',
      workloadKind: 'Deployment',
      workloadName: 'api',
      containerId: '3ad7b26ded6d',
      containerName: 'api',
      imageRepository: 'registry.example:5000/payments/api',
      imageTag: '1.4.2',
    });
  });

  it('reads a k8s_audit alert', () => {
    expect(extractWorkload(copyAlert(K8S_AUDIT_ALERT), CONTEXT)).toEqual({
      ...CONTEXT,
      targetNamespace: 'tools',
      targetResource: 'pods',
      targetName: 'debug',
      user: 'system:serviceaccount:ci:deployer',
    });
  });

  it.each([
    ['aws_cloudtrail', CLOUDTRAIL_ALERT, '123456789012', 'alice'],
    ['okta', OKTA_ALERT, 'example.okta.com', 'bob@example.com'],
    ['github', GITHUB_ALERT, 'example-org', 'carol'],
    ['gcp_auditlog', GCP_ALERT, 'prod-db', 'dave@example.com'],
  ])('reads the account and user of a %s alert', (_source, alert, cloudAccount, user) => {
    expect(extractWorkload(copyAlert(alert), CONTEXT)).toEqual({ ...CONTEXT, cloudAccount, user });
  });

  it('prefers ct.user.accountid to the ARN', () => {
    const alert = alertWithFields({
      'ct.user.accountid': '210987654321',
      'ct.user.arn': 'arn:aws:iam::123456789012:user/alice',
    });

    expect(extractWorkload(alert, CONTEXT).cloudAccount).toBe('210987654321');
  });

  it('falls back to the ARN for an assumed role without a user name', () => {
    const alert = alertWithFields({
      'ct.user': '',
      'ct.user.arn': 'arn:aws:sts::123456789012:assumed-role/Admin/session',
    });

    expect(extractWorkload(alert, CONTEXT)).toEqual({
      ...CONTEXT,
      cloudAccount: '123456789012',
      user: 'arn:aws:sts::123456789012:assumed-role/Admin/session',
    });
  });

  it('returns only cluster and region for an internal alert', () => {
    expect(extractWorkload(copyAlert(INTERNAL_DROP_ALERT), CONTEXT)).toEqual(CONTEXT);
  });

  it('returns only cluster and region without output_fields', () => {
    expect(extractWorkload({ time: 't', rule: 'r', priority: 'Debug' }, CONTEXT)).toEqual(CONTEXT);
  });

  it.each([
    ['<NA>', '<NA>'],
    ['an empty string', ''],
    ['null', null],
    ['a number', 7],
    ['an array', ['payments']],
  ])('treats %s as absent', (_case, value) => {
    const alert = alertWithFields({
      'k8s.ns.name': value,
      'k8s.pod.name': value,
      'container.id': value,
    });

    expect(extractWorkload(alert, CONTEXT)).toEqual(CONTEXT);
  });

  it('splits container.image when the parts are missing', () => {
    const alert = alertWithFields({ 'container.image': 'ghcr.io/acme/worker:2.0@sha256:feed' });

    expect(extractWorkload(alert, CONTEXT)).toEqual({
      ...CONTEXT,
      imageRepository: 'ghcr.io/acme/worker',
      imageTag: '2.0',
      imageDigest: 'sha256:feed',
    });
  });

  it('prefers the separate image fields to container.image', () => {
    const alert = alertWithFields({
      'container.image': 'old/name:1',
      'container.image.repository': 'new/name',
      'container.image.digest': 'sha256:beef',
    });

    expect(extractWorkload(alert, CONTEXT)).toEqual({
      ...CONTEXT,
      imageRepository: 'new/name',
      imageTag: '1',
      imageDigest: 'sha256:beef',
    });
  });

  it('takes the Deployment from the k8smeta plugin when present', () => {
    const alert = alertWithFields({
      'k8smeta.ns.name': 'shop',
      'k8smeta.pod.name': 'cart-0',
      'k8smeta.deployment.name': 'cart',
    });

    expect(extractWorkload(alert, CONTEXT)).toEqual({
      ...CONTEXT,
      namespace: 'shop',
      pod: 'cart-0',
      workloadKind: 'Deployment',
      workloadName: 'cart',
    });
  });

  it('keeps container.id host for processes outside containers', () => {
    expect(extractWorkload(alertWithFields({ 'container.id': 'host' }), CONTEXT).containerId).toBe(
      'host',
    );
  });
});
