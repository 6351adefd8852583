import { readCatalogFolder, SAMPLE_CATALOG } from '../../../test/support/catalog-files';
import { parseBackstageCatalog } from './parse-backstage-catalog';

function parseOne(content: string) {
  return parseBackstageCatalog([{ source: 'catalog-info.yaml', content }]);
}

const COMPONENT = `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments-api
  annotations:
    backstage.io/kubernetes-id: payments-api
    backstage.io/kubernetes-namespace: payments
spec:
  type: service
  lifecycle: production
  owner: group:default/payments-team
`;

describe('parseBackstageCatalog', () => {
  describe('with the sample catalog', () => {
    const catalog = parseBackstageCatalog(readCatalogFolder(SAMPLE_CATALOG));

    it('reads every team, system and service', () => {
      expect(catalog.problems).toEqual([]);
      expect(catalog.teams.map((team) => team.name).sort()).toEqual([
        'checkout-team',
        'payments-team',
        'platform-team',
      ]);
      expect(catalog.systems.map((system) => system.name).sort()).toEqual([
        'checkout',
        'cluster-runtime',
        'payments',
      ]);
      expect(catalog.services).toHaveLength(11);
    });

    it('collects members from groups and users', () => {
      const payments = catalog.teams.find((team) => team.name === 'payments-team')!;
      const platform = catalog.teams.find((team) => team.name === 'platform-team')!;

      expect(payments.members).toEqual([
        {
          ref: 'user:default/alice.martin',
          email: 'alice.martin@example.com',
          slackId: 'U04ALICE01',
        },
        { ref: 'user:default/bob.nguyen', email: 'bob.nguyen@example.com', slackId: 'U04BOBNG02' },
      ]);
      expect(platform.members).toEqual([
        { ref: 'user:default/omar.haddad', email: 'omar.haddad@example.com' },
      ]);
    });

    it('reads channels and escalation contacts', () => {
      const payments = catalog.teams.find((team) => team.name === 'payments-team')!;

      expect(payments.slackChannel).toBe('#payments-alerts');
      expect(payments.escalationContact).toBe('pagerduty:payments-primary');
      expect(payments.displayName).toBe('Payments');
      expect(payments.source).toBe('backstage:org/teams.yaml');
    });

    it('reads service attributes', () => {
      const { service, imageRepositories } = catalog.services.find(
        (entry) => entry.service.name === 'payments-api',
      )!;

      expect(service.ownerTeam).toBe('payments-team');
      expect(service.system).toBe('payments');
      expect(service.repository).toBe('https://github.com/acme/payments-api');
      expect(service.language).toBe('go');
      expect(service.libraries).toContain('github.com/jackc/pgx/v5@5.5.3');
      expect(service.dependencies).toEqual(['component:default/payments-db']);
      expect(service.slackChannel).toBe('#payments-api');
      expect(imageRepositories).toEqual(['ghcr.io/acme/payments-api']);
    });

    it('reads a source location as the repository', () => {
      const { service } = catalog.services.find((entry) => entry.service.name === 'checkout-web')!;

      expect(service.repository).toBe('https://github.com/acme/checkout-web');
    });

    it('ignores kinds it does not use', () => {
      expect(catalog.ignored).toEqual(['org/systems.yaml document 4 (Location acme-repositories)']);
    });
  });

  it('places workloads and labels from the Kubernetes id', () => {
    const [entry] = parseOne(COMPONENT).services;

    expect(entry.placements).toEqual([
      {
        serviceName: 'payments-api',
        namespace: 'payments',
        workloadName: 'payments-api',
        source: 'backstage:catalog-info.yaml',
        cluster: undefined,
      },
      {
        serviceName: 'payments-api',
        namespace: 'payments',
        labelSelector: { 'backstage.io/kubernetes-id': 'payments-api' },
        source: 'backstage:catalog-info.yaml',
        cluster: undefined,
      },
    ]);
  });

  it('repeats placements per listed cluster', () => {
    const content = COMPONENT.replace(
      'backstage.io/kubernetes-namespace: payments',
      'backstage.io/kubernetes-namespace: payments\n    talaria.io/clusters: prod-eu-west-1, prod-us-east-1',
    );
    const [entry] = parseOne(content).services;

    expect(entry.placements.map((placement) => placement.cluster)).toEqual([
      'prod-eu-west-1',
      'prod-eu-west-1',
      'prod-us-east-1',
      'prod-us-east-1',
    ]);
  });

  it('reads workloads, selectors and namespace defaults', () => {
    const content = COMPONENT.replace(
      'backstage.io/kubernetes-id: payments-api',
      "talaria.io/workloads: StatefulSet/payments-db, payments-worker\n    backstage.io/kubernetes-label-selector: 'app=payments,tier==db'\n    talaria.io/namespace-default: 'true'",
    );
    const [entry] = parseOne(content).services;
    const shapes = entry.placements.map(({ workloadKind, workloadName, labelSelector }) => ({
      workloadKind,
      workloadName,
      labelSelector,
    }));

    expect(shapes).toEqual([
      { workloadKind: 'StatefulSet', workloadName: 'payments-db', labelSelector: undefined },
      { workloadKind: undefined, workloadName: 'payments-worker', labelSelector: undefined },
      {
        workloadKind: undefined,
        workloadName: undefined,
        labelSelector: { app: 'payments', tier: 'db' },
      },
      { workloadKind: undefined, workloadName: undefined, labelSelector: undefined },
    ]);
  });

  it.each([
    [
      "backstage.io/kubernetes-label-selector: 'app in (a,b)'",
      'catalog-info.yaml document 1 (Component payments-api): backstage.io/kubernetes-label-selector: label selector term "app in (a" is not key=value; only equality selectors are supported',
    ],
    [
      "talaria.io/namespace-default: 'yes'",
      'catalog-info.yaml document 1 (Component payments-api): talaria.io/namespace-default is "yes"; use "true" or "false"',
    ],
    [
      'talaria.io/workloads: Payments_API',
      'catalog-info.yaml document 1 (Component payments-api): talaria.io/workloads item "Payments_API" is not a workload name or Kind/name',
    ],
  ])('rejects the annotation %s', (annotation, problem) => {
    const content = COMPONENT.replace('backstage.io/kubernetes-id: payments-api', annotation);

    expect(parseOne(content).problems).toEqual([problem]);
  });

  it('needs a namespace for a namespace default', () => {
    const content = COMPONENT.replace(
      'backstage.io/kubernetes-namespace: payments',
      "talaria.io/namespace-default: 'true'",
    );

    expect(parseOne(content).problems).toEqual([
      'catalog-info.yaml document 1 (Component payments-api): talaria.io/namespace-default needs backstage.io/kubernetes-namespace to name the namespace',
    ]);
  });

  it('reports invalid YAML with the file and document', () => {
    const problems = parseOne(`${COMPONENT}---\nkind: [unclosed\n`).problems;

    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^catalog-info\.yaml document 2: invalid YAML/);
  });

  it('reports envelope problems', () => {
    const problems = parseBackstageCatalog([
      { source: 'a.yaml', content: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n' },
      {
        source: 'b.yaml',
        content: 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: "-bad-"\n',
      },
    ]).problems;

    expect(problems).toEqual([
      'a.yaml document 1: apiVersion "v1" is not a backstage.io version',
      'b.yaml document 1: metadata.name "-bad-" is not a valid entity name (letters, digits, . _ -, at most 63)',
    ]);
  });

  it('reports an entity defined twice', () => {
    const problems = parseBackstageCatalog([
      { source: 'a.yaml', content: COMPONENT },
      { source: 'b.yaml', content: COMPONENT },
    ]).problems;

    expect(problems).toEqual([
      'b.yaml document 1 (Component payments-api): component payments-api is also defined at a.yaml document 1 (Component payments-api)',
    ]);
  });

  it('notes owners defined elsewhere', () => {
    const catalog = parseOne(COMPONENT);

    expect(catalog.externalOwners).toEqual([
      { origin: 'catalog-info.yaml document 1 (Component payments-api)', group: 'payments-team' },
    ]);
  });

  it('warns about a missing owner', () => {
    const catalog = parseOne(COMPONENT.replace('  owner: group:default/payments-team\n', ''));

    expect(catalog.services[0].service.ownerTeam).toBeUndefined();
    expect(catalog.warnings).toEqual([
      'catalog-info.yaml document 1 (Component payments-api): spec.owner is missing, so its findings will name no team',
    ]);
  });
});
