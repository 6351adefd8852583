// Integration tier: the HTTP API against real PostgreSQL when DATABASE_URL is
// set (CI sets it), in a schema of its own, and against PGlite otherwise.
import { readCatalogFolder, readSampleReport, SAMPLE_CATALOG } from './support/catalog-files';
import { ADMIN_TOKEN, startTestApi, type TestApi } from './support/test-api';
import {
  INTEGRATION_TARGET,
  openIntegrationTestDatabase,
  type TestDatabase,
} from './support/test-database';

const PAYMENTS_POD = {
  cluster: 'prod-eu-west-1',
  namespace: 'payments',
  pod: 'payments-api-7d9f8c6b5-x2k4q',
  image: 'ghcr.io/acme/payments-api:1.42.0',
};

describe(`ownership API on ${INTEGRATION_TARGET}`, () => {
  let database: TestDatabase;
  let api: TestApi;
  let readToken: string;
  let writeToken: string;

  beforeAll(async () => {
    database = await openIntegrationTestDatabase();
    api = await startTestApi(database);

    const read = await api.call('POST', '/v1/tokens', { name: 'dashboards', scopes: ['read'] });
    const write = await api.call('POST', '/v1/tokens', { name: 'ci-catalog', scopes: ['write'] });
    readToken = read.body.token;
    writeToken = write.body.token;
  }, 60_000);

  afterAll(async () => {
    await api.stop();
    await database.dispose();
  });

  describe('authentication', () => {
    it('leaves health probes open', async () => {
      expect((await api.call('GET', '/healthz', undefined, null)).status).toBe(200);
      expect((await api.call('GET', '/readyz', undefined, null)).body).toEqual({
        ready: true,
        database: database.database.kind,
      });
    });

    it('rejects requests without a token', async () => {
      const response = await fetch(`${api.url}/v1/services`);

      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
    });

    it('rejects unknown tokens', async () => {
      const reply = await api.call('GET', '/v1/services', undefined, 'tal_not-a-real-token');

      expect(reply.status).toBe(401);
      expect(reply.body.error).toBe('the bearer token is unknown or revoked');
    });

    it('keeps read tokens from writing', async () => {
      const reply = await api.call('PUT', '/v1/teams/intruders', {}, readToken);

      expect(reply.status).toBe(403);
      expect(reply.body.error).toBe('token dashboards lacks the write scope this endpoint needs');
    });

    it('keeps write tokens from managing tokens', async () => {
      expect((await api.call('GET', '/v1/tokens', undefined, writeToken)).status).toBe(403);
    });

    it('stores only token hashes', async () => {
      const rows = await database.database.query<{ name: string; token_hash: string }>(
        'SELECT name, token_hash FROM api_tokens',
      );
      const stored = JSON.stringify(rows);

      expect(rows.map((row) => row.name).sort()).toEqual(['admin', 'ci-catalog', 'dashboards']);
      expect(stored).not.toContain(readToken);
      expect(stored).not.toContain(ADMIN_TOKEN);
      expect(rows.every((row) => /^[0-9a-f]{64}$/.test(row.token_hash))).toBe(true);
    });

    it('revokes tokens', async () => {
      const created = await api.call('POST', '/v1/tokens', {
        name: 'short-lived',
        scopes: ['read'],
      });
      expect((await api.call('GET', '/v1/teams', undefined, created.body.token)).status).toBe(200);

      expect((await api.call('DELETE', '/v1/tokens/short-lived')).status).toBe(204);

      expect((await api.call('GET', '/v1/teams', undefined, created.body.token)).status).toBe(401);
    });

    it('serves the OpenAPI document to token holders', async () => {
      const open = await api.call('GET', '/openapi.json', undefined, null);
      const document = await api.call('GET', '/openapi.json', undefined, readToken);

      expect(open.status).toBe(401);
      expect(Object.keys(document.body.paths)).toEqual(
        expect.arrayContaining([
          '/v1/resolve',
          '/v1/services',
          '/v1/teams/{name}',
          '/v1/placements',
          '/v1/imports/backstage',
        ]),
      );
    });
  });

  describe('imports', () => {
    it('imports the sample catalog once', async () => {
      const first = await api.call(
        'POST',
        '/v1/imports/backstage',
        { files: readCatalogFolder(SAMPLE_CATALOG) },
        writeToken,
      );
      const second = await api.call(
        'POST',
        '/v1/imports/backstage',
        { files: readCatalogFolder(SAMPLE_CATALOG) },
        writeToken,
      );

      expect(first.status).toBe(200);
      expect(first.body.services.created).toHaveLength(11);
      expect(first.body.placements.added).toHaveLength(18);
      expect(first.body.warnings).toEqual([]);
      expect(second.body.services).toEqual({ created: [], updated: [], unchanged: 11 });
      expect(second.body.teams).toEqual({ created: [], updated: [], unchanged: 3 });
      expect(second.body.placements).toEqual({ added: [], removed: [] });
    });

    it('reports what a changed file changed', async () => {
      const files = readCatalogFolder(SAMPLE_CATALOG).map((file) =>
        file.source === 'repos/checkout-web/catalog-info.yaml'
          ? {
              ...file,
              content: file.content
                .replace('    backstage.io/kubernetes-id: checkout-web\n', '')
                .replace('Server-rendered', 'Static'),
            }
          : file,
      );

      const reply = await api.call('POST', '/v1/imports/backstage', { files }, writeToken);
      await api.call(
        'POST',
        '/v1/imports/backstage',
        { files: readCatalogFolder(SAMPLE_CATALOG) },
        writeToken,
      );

      expect(reply.body.services.updated).toEqual(['checkout-web']);
      expect(reply.body.placements.removed).toEqual([
        'checkout-web *|checkout|checkout-web|*',
        'checkout-web *|checkout|*|backstage.io/kubernetes-id=checkout-web',
      ]);
    });

    it('rejects a broken catalog and writes nothing', async () => {
      const files = [
        {
          source: 'broken.yaml',
          content:
            'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ghost\n  annotations:\n    talaria.io/namespace-default: "true"\nspec:\n  owner: nobody\n',
        },
      ];

      const reply = await api.call('POST', '/v1/imports/backstage', { files }, writeToken);

      expect(reply.status).toBe(422);
      expect(reply.body.problems).toEqual([
        'broken.yaml document 1 (Component ghost): talaria.io/namespace-default needs backstage.io/kubernetes-namespace to name the namespace',
      ]);
      expect((await api.call('GET', '/v1/services/ghost', undefined, readToken)).status).toBe(404);
    });

    it('imports AWS tags and scanner reports', async () => {
      const tags = await api.call(
        'POST',
        '/v1/imports/aws-tags',
        {
          source: 'aws-resources.json',
          defaultAccount: '111122223333',
          report: readSampleReport('aws-resources.json'),
        },
        writeToken,
      );
      const snyk = await api.call(
        'POST',
        '/v1/imports/snyk',
        { source: 'snyk.json', report: readSampleReport('snyk-payments-api.json') },
        writeToken,
      );
      const trivy = await api.call(
        'POST',
        '/v1/imports/trivy',
        { source: 'trivy.json', report: readSampleReport('trivy-checkout-web.json') },
        writeToken,
      );

      expect(tags.body.resources.created).toHaveLength(6);
      expect(tags.body.untagged).toBe(1);
      expect(tags.body.unknownServices).toEqual([]);
      expect(snyk.body.summaries.created).toEqual(['payments-api snyk go.mod']);
      expect(trivy.body.summaries.created).toEqual([
        'checkout-web trivy ghcr.io/acme/checkout-web:3.8.2',
      ]);
    });

    it('names the service a report cannot be tied to', async () => {
      const report = {
        ...(readSampleReport('trivy-checkout-web.json') as object),
        ArtifactName: 'quay.io/other/tool:1',
      };

      const reply = await api.call(
        'POST',
        '/v1/imports/trivy',
        { source: 'other.json', report },
        writeToken,
      );

      expect(reply.status).toBe(422);
      expect(reply.body.problems).toEqual([
        'other.json: no catalog service ships image quay.io/other/tool; pass the service, or list the image in talaria.io/image-repositories',
      ]);
    });
  });

  describe('resolve', () => {
    it('attributes sample workloads to their owners', async () => {
      const reply = await api.call(
        'POST',
        '/v1/resolve',
        {
          identities: [
            PAYMENTS_POD,
            { cluster: 'prod-eu-west-1', namespace: 'payments', pod: 'payments-db-1' },
            {
              cluster: 'staging-eu-west-1',
              namespace: 'loadtest',
              pod: 'k6-checkout-soak-29028060-75h7r',
            },
            {
              roleArn:
                'arn:aws:sts::111122223333:assumed-role/GitHubActionsDeploy/gha-payments-api-8123456789',
            },
            { cluster: 'prod-eu-west-1', namespace: 'tmp-debug', pod: 'debug' },
          ],
        },
        readToken,
      );
      const results = reply.body.results;

      expect(reply.status).toBe(200);
      expect(results.map((result: { service?: { name: string } }) => result.service?.name)).toEqual(
        ['payments-api', 'payments-db', 'checkout-load-tests', 'payments-api', undefined],
      );
      expect(results.map((result: { matchedBy?: string }) => result.matchedBy)).toEqual([
        'workload',
        'workload',
        'namespace',
        'cloud',
        undefined,
      ]);
      expect(results[0].contacts.slackChannel).toBe('#payments-api');
      expect(results[0].vulnerabilities.counts.critical).toBe(1);
      expect(results[4].status).toBe('unknown');
    });

    it('rejects more than 500 identities', async () => {
      const reply = await api.call(
        'POST',
        '/v1/resolve',
        { identities: Array(501).fill(PAYMENTS_POD) },
        readToken,
      );

      expect(reply.status).toBe(400);
      expect(reply.body.problems[0]).toContain(
        'identities may hold at most 500 identities; split the request',
      );
    });

    it('names the invalid field and value', async () => {
      const reply = await api.call(
        'POST',
        '/v1/resolve',
        { identities: [{ namespace: 'Payments', awsAccount: '12' }] },
        readToken,
      );

      expect(reply.status).toBe(400);
      expect(reply.body.problems).toEqual([
        'identities.0.namespace must be a Kubernetes name (lower-case letters, digits, . and -); got "Payments"',
        'identities.0.awsAccount must be a 12-digit AWS account id; got "12"',
      ]);
    });

    it('rejects unknown fields', async () => {
      const reply = await api.call(
        'POST',
        '/v1/resolve',
        { identities: [{ podName: 'x' }] },
        readToken,
      );

      expect(reply.status).toBe(400);
      expect(reply.body.problems).toEqual([
        'property identities.0.podName should not exist; got "x"',
      ]);
    });
  });

  describe('deployments', () => {
    it('places a workload as it is deployed', async () => {
      const deployment = {
        service: 'ledger-reconcile',
        image: 'ghcr.io/acme/ledger-exporter:0.4.0',
        cluster: 'prod-us-east-1',
        namespace: 'finance',
        workload: 'ledger-exporter',
        workloadKind: 'Deployment',
      };

      const reply = await api.call('POST', '/v1/deployments', deployment, writeToken);
      const [result] = (
        await api.call(
          'POST',
          '/v1/resolve',
          {
            identities: [
              {
                cluster: 'prod-us-east-1',
                namespace: 'finance',
                pod: 'ledger-exporter-7d9f8c6b5-x2k4q',
              },
            ],
          },
          readToken,
        )
      ).body.results;

      expect(reply.body).toEqual({
        placement: 'created',
        imageRepository: 'ghcr.io/acme/ledger-exporter',
        newImageRepository: true,
      });
      expect(result.service.name).toBe('ledger-reconcile');
      expect(result.matchDetail).toContain('cluster prod-us-east-1 (source deploy-webhook)');
    });

    it('keeps deployed placements across catalog imports', async () => {
      await api.call(
        'POST',
        '/v1/imports/backstage',
        { files: readCatalogFolder(SAMPLE_CATALOG) },
        writeToken,
      );

      const placements = await api.call(
        'GET',
        '/v1/placements?service=ledger-reconcile',
        undefined,
        readToken,
      );

      expect(placements.body.items.map((item: { source: string }) => item.source).sort()).toEqual([
        'backstage:repos/ledger-reconcile/catalog-info.yaml',
        'deploy-webhook',
      ]);
    });

    it('rejects deployments of unknown services', async () => {
      const reply = await api.call(
        'POST',
        '/v1/deployments',
        {
          service: 'ghost',
          image: 'ghcr.io/acme/ghost:1',
          cluster: 'c',
          namespace: 'n',
          workload: 'w',
        },
        writeToken,
      );

      expect(reply.status).toBe(422);
      expect(reply.body.error).toBe(
        'service ghost is not in the catalog; import its catalog file before reporting deployments',
      );
    });
  });

  describe('catalog REST', () => {
    it('pages and filters services', async () => {
      const firstPage = await api.call(
        'GET',
        '/v1/services?team=payments-team&limit=2',
        undefined,
        readToken,
      );
      const secondPage = await api.call(
        'GET',
        '/v1/services?team=payments-team&limit=2&offset=2',
        undefined,
        readToken,
      );

      expect(firstPage.body.total).toBe(3);
      expect(firstPage.body.items.map((item: { name: string }) => item.name)).toEqual([
        'ledger-reconcile',
        'payments-api',
      ]);
      expect(secondPage.body.items.map((item: { name: string }) => item.name)).toEqual([
        'payments-db',
      ]);
    });

    it('shows a service with where it runs', async () => {
      const reply = await api.call('GET', '/v1/services/payments-api', undefined, readToken);

      expect(reply.body.imageRepositories).toEqual(['ghcr.io/acme/payments-api']);
      expect(reply.body.awsAccounts).toEqual(['111122223333']);
      expect(reply.body.placementCount).toBe(2);
      expect(reply.body.vulnerabilities[0].scanner).toBe('snyk');
    });

    it('writes teams and audits the write', async () => {
      const created = await api.call(
        'PUT',
        '/v1/teams/data-team',
        { slackChannel: '#data-oncall' },
        writeToken,
      );
      const again = await api.call(
        'PUT',
        '/v1/teams/data-team',
        { slackChannel: '#data-oncall' },
        writeToken,
      );
      const audit = await api.call('GET', '/v1/audit?entityType=team&entityKey=data-team');

      expect(created.body.outcome).toBe('created');
      expect(again.body.outcome).toBe('unchanged');
      expect(audit.body.items).toHaveLength(1);
      expect(audit.body.items[0]).toMatchObject({
        actor: 'ci-catalog',
        action: 'create',
        entityType: 'team',
        entityKey: 'data-team',
      });
    });

    it('creates and deletes placements', async () => {
      const created = await api.call(
        'POST',
        '/v1/placements',
        { serviceName: 'payments-api', namespace: 'payments-canary', workloadName: 'payments-api' },
        writeToken,
      );
      const id = created.body.placement.id;

      expect(created.status).toBe(201);
      expect((await api.call('DELETE', `/v1/placements/${id}`, undefined, writeToken)).status).toBe(
        204,
      );
      expect((await api.call('DELETE', `/v1/placements/${id}`, undefined, writeToken)).status).toBe(
        404,
      );
    });

    it('names an invalid placement id', async () => {
      const reply = await api.call('DELETE', '/v1/placements/first', undefined, writeToken);

      expect(reply.status).toBe(400);
      expect(reply.body.error).toBe(
        'placement id "first" is invalid; use the numeric id that GET /v1/placements lists',
      );
    });

    it('rejects a placement with both workload and selector', async () => {
      const reply = await api.call(
        'POST',
        '/v1/placements',
        {
          serviceName: 'payments-api',
          workloadName: 'payments-api',
          labelSelector: { app: 'payments-api' },
        },
        writeToken,
      );

      expect(reply.status).toBe(400);
      expect(reply.body.error).toBe(
        'a placement names a workload or a label selector, not both; send two placements',
      );
    });

    it('deletes services with their placements', async () => {
      await api.call('PUT', '/v1/services/scratch-tool', { ownerTeam: 'data-team' }, writeToken);
      await api.call(
        'POST',
        '/v1/placements',
        { serviceName: 'scratch-tool', namespace: 'scratch' },
        writeToken,
      );

      expect(
        (await api.call('DELETE', '/v1/services/scratch-tool', undefined, writeToken)).status,
      ).toBe(204);

      const placements = await api.call(
        'GET',
        '/v1/placements?service=scratch-tool',
        undefined,
        readToken,
      );
      expect(placements.body.total).toBe(0);
    });

    it('rejects an invalid page size', async () => {
      const reply = await api.call('GET', '/v1/teams?limit=0', undefined, readToken);

      expect(reply.status).toBe(400);
      expect(reply.body.problems).toEqual(['limit must not be less than 1; got 0']);
    });
  });
});
