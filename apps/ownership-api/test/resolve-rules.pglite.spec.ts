// Fast tier: the resolve rules against PGlite, in process, with no server.
import type { KnownOwner, ResolveResult, UnknownOwner } from '../src/resolve/resolve-types';
import type { ResolveService } from '../src/resolve/resolve.service';
import { CatalogBuilder, createResolveService } from './support/catalog-builder';
import { openPgliteTestDatabase, type TestDatabase } from './support/test-database';

function known(result: ResolveResult): KnownOwner {
  if (result.status !== 'known')
    throw new Error(`expected a known owner; got: ${(result as UnknownOwner).reason}`);
  return result;
}

function unknown(result: ResolveResult): UnknownOwner {
  if (result.status !== 'unknown')
    throw new Error(`expected an unknown owner; got ${result.service.name}`);
  return result;
}

describe('resolve rules', () => {
  let test: TestDatabase;
  let resolver: ResolveService;

  beforeAll(async () => {
    test = await openPgliteTestDatabase();
    resolver = createResolveService(test.database);
    const catalog = new CatalogBuilder(test.database);

    await catalog.team('payments-team', {
      slackChannel: '#payments-alerts',
      escalationContact: 'pagerduty:payments',
    });
    await catalog.team('platform-team', { slackChannel: '#platform' });
    await catalog.system('payments', 'tier-1');

    // One service per rule, all claiming the same pod in different ways.
    await catalog.service('by-workload', {
      ownerTeam: 'payments-team',
      system: 'payments',
      slackChannel: '#payments-api',
    });
    await catalog.service('by-label', { ownerTeam: 'payments-team', criticality: 'tier-2' });
    await catalog.service('by-namespace', { ownerTeam: 'platform-team' });
    await catalog.service('by-image', { ownerTeam: 'platform-team' });
    await catalog.service('by-cloud', { ownerTeam: 'platform-team' });
    await catalog.service('by-account', { ownerTeam: 'platform-team' });
    await catalog.service('eu-only', { ownerTeam: 'platform-team' });
    await catalog.service('shared-base-a');
    await catalog.service('shared-base-b');

    await catalog.placement('by-workload', {
      namespace: 'payments',
      workloadKind: 'Deployment',
      workloadName: 'payments-api',
    });
    await catalog.placement('by-label', {
      namespace: 'payments',
      labelSelector: { app: 'payments-api' },
    });
    await catalog.placement('by-namespace', { namespace: 'payments' });
    await catalog.image('by-image', 'ghcr.io/acme/payments-api');
    await catalog.cloudResource('by-cloud', 'arn:aws:iam::111122223333:role/payments-api-irsa');
    await catalog.cloudResource('by-account', 'arn:aws:iam::999988887777:role/batch');
    await catalog.placement('eu-only', {
      cluster: 'prod-eu-west-1',
      namespace: 'payments',
      workloadName: 'payments-api',
    });
    await catalog.image('shared-base-a', 'docker.io/library/redis');
    await catalog.image('shared-base-b', 'docker.io/library/redis');

    await catalog.vulnerabilities({
      serviceName: 'by-workload',
      scanner: 'trivy',
      target: 'ghcr.io/acme/payments-api:1.42.0',
      imageRepository: 'ghcr.io/acme/payments-api',
      counts: { critical: 1, high: 0, medium: 0, low: 0, unknown: 0 },
    });
    await catalog.vulnerabilities({
      serviceName: 'by-workload',
      scanner: 'trivy',
      target: 'ghcr.io/acme/payments-migrations:7',
      imageRepository: 'ghcr.io/acme/payments-migrations',
      counts: { critical: 0, high: 5, medium: 0, low: 0, unknown: 0 },
    });
    await catalog.vulnerabilities({
      serviceName: 'by-workload',
      scanner: 'snyk',
      target: 'go.mod',
      counts: { critical: 0, high: 0, medium: 2, low: 0, unknown: 0 },
    });
  }, 60_000);

  afterAll(() => test.dispose());

  const everything = {
    cluster: 'prod-us-east-1',
    namespace: 'payments',
    pod: 'payments-api-7d9f8c6b5-x2k4q',
    labels: { app: 'payments-api' },
    image: 'ghcr.io/acme/payments-api:1.42.0',
    roleArn: 'arn:aws:iam::111122223333:role/payments-api-irsa',
  };

  it('tries workload placements first', async () => {
    const [result] = await resolver.resolve([everything]);

    expect(known(result).matchedBy).toBe('workload');
    expect(known(result).service.name).toBe('by-workload');
    expect(known(result).workload).toEqual({ kind: 'Deployment', name: 'payments-api' });
  });

  it('tries labels second', async () => {
    const [result] = await resolver.resolve([{ ...everything, pod: 'payments-worker-0' }]);

    expect(known(result).matchedBy).toBe('label');
    expect(known(result).service.name).toBe('by-label');
  });

  it('tries the namespace default third', async () => {
    const [result] = await resolver.resolve([
      { ...everything, pod: 'payments-worker-0', labels: undefined },
    ]);

    expect(known(result).matchedBy).toBe('namespace');
    expect(known(result).service.name).toBe('by-namespace');
  });

  it('tries the image repository fourth', async () => {
    const [result] = await resolver.resolve([
      { ...everything, namespace: 'scratch', labels: undefined },
    ]);

    expect(known(result).matchedBy).toBe('image');
    expect(known(result).service.name).toBe('by-image');
  });

  it('tries cloud resources last', async () => {
    const [result] = await resolver.resolve([
      { ...everything, namespace: 'scratch', labels: undefined, image: 'busybox' },
    ]);

    expect(known(result).matchedBy).toBe('cloud');
    expect(known(result).service.name).toBe('by-cloud');
  });

  it('matches an assumed-role session to its role', async () => {
    const [result] = await resolver.resolve([
      {
        roleArn:
          'arn:aws:sts::111122223333:assumed-role/payments-api-irsa/botocore-session-1741680842',
      },
    ]);

    expect(known(result).service.name).toBe('by-cloud');
  });

  it('matches an account with one service', async () => {
    const [result] = await resolver.resolve([{ awsAccount: '999988887777' }]);

    expect(known(result).matchedBy).toBe('cloud');
    expect(known(result).service.name).toBe('by-account');
  });

  it('prefers a placement in the named cluster', async () => {
    const [result] = await resolver.resolve([{ ...everything, cluster: 'prod-eu-west-1' }]);

    expect(known(result).service.name).toBe('eu-only');
  });

  it('skips an image several services ship', async () => {
    const [result] = await resolver.resolve([
      { cluster: 'c', namespace: 'scratch', pod: 'cache-0', image: 'redis:7.2.4' },
    ]);

    expect(unknown(result).reason).toContain(
      'image docker.io/library/redis is shipped by 2 services (shared-base-a, shared-base-b)',
    );
  });

  it('explains what it tried', async () => {
    const [result] = await resolver.resolve([{ cluster: 'c', namespace: 'scratch', pod: 'debug' }]);

    expect(unknown(result).reason).toBe(
      'no placement, label selector, namespace default, image repository or cloud resource in the catalog matches cluster c, namespace scratch, workload debug',
    );
    expect(unknown(result).workload).toEqual({ kind: 'Pod', name: 'debug' });
  });

  it('says when there is nothing to match on', async () => {
    const [result] = await resolver.resolve([{ cluster: 'prod-eu-west-1' }]);

    expect(unknown(result).reason).toBe(
      'nothing to match on: the identity has no namespace, pod, workload, labels, image or AWS account',
    );
  });

  it('returns contacts, tier and accounts', async () => {
    const [result] = await resolver.resolve([everything]);
    const owner = known(result);

    expect(owner.team?.name).toBe('payments-team');
    expect(owner.contacts.slackChannel).toBe('#payments-api');
    expect(owner.contacts.escalationContact).toBe('pagerduty:payments');
    expect(owner.criticality).toBe('tier-1');
  });

  it('falls back to the team channel', async () => {
    const [result] = await resolver.resolve([{ ...everything, pod: 'payments-worker-0' }]);

    expect(known(result).contacts.slackChannel).toBe('#payments-alerts');
    expect(known(result).criticality).toBe('tier-2');
  });

  it('counts the running image and dependency scans', async () => {
    const [withImage, withoutImage] = await resolver.resolve([
      everything,
      { ...everything, image: undefined },
    ]);

    expect(known(withImage).vulnerabilities.counts).toEqual({
      critical: 1,
      high: 0,
      medium: 2,
      low: 0,
      unknown: 0,
    });
    expect(known(withImage).vulnerabilities.reports.map((report) => report.target)).toEqual([
      'go.mod',
      'ghcr.io/acme/payments-api:1.42.0',
    ]);
    expect(known(withoutImage).vulnerabilities.counts).toEqual({
      critical: 1,
      high: 5,
      medium: 2,
      low: 0,
      unknown: 0,
    });
  });

  it('keeps the order of a mixed batch', async () => {
    const queries = Array.from({ length: 100 }, (_, index) =>
      index % 3 === 0
        ? everything
        : index % 3 === 1
          ? { namespace: 'scratch', pod: `debug-${index}` }
          : { awsAccount: '999988887777' },
    );

    const results = await resolver.resolve(queries);

    expect(results).toHaveLength(100);
    results.forEach((result, index) => {
      const expected = ['by-workload', undefined, 'by-account'][index % 3];
      expect(result.status === 'known' ? result.service.name : undefined).toBe(expected);
    });
  });
});
