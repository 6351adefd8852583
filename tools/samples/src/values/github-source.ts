import type { FieldValue } from '../format/field-value';
import type { SeededRandom } from '../random';
import { pickPluginHost } from './plugin-hosts';
import { pickTime, type SourceGenerator } from './source-generator';

const REPOSITORIES = [
  'payments-api',
  'checkout-web',
  'ledger-reconcile',
  'platform-terraform',
  'helm-charts',
];
const PEOPLE = ['alice-martin-acme', 'bnguyen-acme', 'carla-rossi', 'dependabot[bot]'];

/** Alerts from GitHub webhooks that one Falco deployment receives for the `acme` organisation. */
export const githubSource: SourceGenerator = {
  appendedFields: [],

  draft({ fields, random, fleet, window }) {
    const host = pickPluginHost(fleet, 'github', random);
    const time = pickTime(random, window);
    const repository = random.pick(REPOSITORIES);

    const values = new Map<string, FieldValue>(
      fields.map((field) => [field, githubFieldValue(field, repository, random)]),
    );
    return { hostname: host.hostname, cluster: host.cluster, time, values };
  },
};

function githubFieldValue(field: string, repository: string, random: SeededRandom): FieldValue {
  switch (field) {
    case 'github.org':
    case 'github.owner':
      return 'acme';
    case 'github.user':
      return random.pick(PEOPLE.slice(0, 3));
    case 'github.repo.name':
      return `acme/${repository}`;
    case 'github.repo.url':
      return `https://github.com/acme/${repository}`;
    case 'github.collaborator.name':
      return random.pick(['contractor-jsmith', 'ext-audit-bot', 'dpatel-acme']);
    case 'github.collaborator.role':
      return random.pick(['admin', 'write', 'maintain']);
    case 'github.webhook.id':
      // The plugin prints the numeric hook id as text.
      return String(random.integer(400_000_000, 499_999_999));
    case 'github.webhook.type':
      return random.pick(['Repository', 'Organization']);
    case 'github.workflow.filename':
      return random.pick(['.github/workflows/ci.yml', '.github/workflows/release.yml']);
    case 'github.diff.committed_secrets.desc':
      return 'AWS Access Key ID,Generic API key';
    case 'github.diff.committed_secrets.files':
      return 'deploy/values-prod.yaml,scripts/smoke.sh';
    case 'github.diff.committed_secrets.lines':
      return `${random.integer(3, 80)},${random.integer(3, 40)}`;
    case 'github.diff.committed_secrets.links':
      return `https://github.com/acme/${repository}/blob/${random.hex(40)}/deploy/values-prod.yaml#L12`;
  }
  return null;
}
