import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJson, stringifyJson } from '@talaria/falco-event';
import { loadFilterFiles, readEventLine, testEvent, type FilterSet } from '../src';

const REPOSITORY = join(__dirname, '..', '..', '..');
const FILTER_FILE = join(REPOSITORY, 'samples', 'filters', 'talaria-filters.yaml');
const EVENTS = readFileSync(join(REPOSITORY, 'samples', 'falco-events.ndjson'), 'utf8').split('\n');
const CONTEXT = { cluster: 'prod-us-east-1', region: 'us-east-1' };
// Inside the validity of every filter in the file.
const NOW = Date.parse('2026-01-15T00:00:00Z');

/** Returns the sample line of `rule` whose text contains `marker`, parsed so a test can change fields. */
function sampleAlert(rule: string, marker: string): Record<string, unknown> {
  const line = EVENTS.find((text) => text.includes(`"rule":"${rule}"`) && text.includes(marker));
  if (line === undefined) throw new Error(`no sample alert of rule ${rule} containing ${marker}`);
  return parseJson(line) as Record<string, unknown>;
}

function verdictFor(filters: FilterSet, alert: Record<string, unknown>): string | undefined {
  const result = readEventLine(stringifyJson(alert), 1, CONTEXT);
  if (result === undefined || !('finding' in result))
    throw new Error('the changed sample alert is invalid');
  return testEvent(filters, result.finding, 1, NOW).filter;
}

describe('samples/filters/talaria-filters.yaml', () => {
  let filters: FilterSet;

  beforeAll(async () => {
    filters = await loadFilterFiles([FILTER_FILE]);
  });

  it('validates', () => {
    expect(filters.filters.map((filter) => filter.name)).toEqual([
      'haproxy-startup-config',
      'loadtest-developer-shells',
      'loadtest-nodeport-traffic',
      'ledger-reconcile-rpm-inventory',
    ]);
  });

  it('suppresses exactly the intended sample alerts', () => {
    const suppressed: Array<[string, string]> = [];
    EVENTS.forEach((text, index) => {
      const result = readEventLine(text, index + 1, CONTEXT);
      if (result === undefined || !('finding' in result)) return;
      const verdict = testEvent(filters, result.finding, index + 1, NOW);
      if (verdict.filter !== undefined) suppressed.push([verdict.filter, verdict.rule]);
    });

    expect(suppressed.sort()).toEqual([
      ['ledger-reconcile-rpm-inventory', 'Write below rpm database'],
      ['loadtest-nodeport-traffic', 'Unexpected K8s NodePort Connection'],
    ]);
  });

  it('keeps the suspicious alerts of the same namespaces', () => {
    const preload = sampleAlert('Write below etc', 'locust-master');
    const polkit = sampleAlert(
      'Polkit Local Privilege Escalation Vulnerability (CVE-2021-4034)',
      'loadtest',
    );
    const setuid = sampleAlert('Set Setuid or Setgid bit', 'ledger-reconcile');

    expect(verdictFor(filters, preload)).toBeUndefined();
    expect(verdictFor(filters, polkit)).toBeUndefined();
    expect(verdictFor(filters, setuid)).toBeUndefined();
  });

  it('suppresses HAProxy writing its configuration at start', () => {
    const alert = sampleAlert('Write below etc', 'aws-node');
    const fields = alert.output_fields as Record<string, unknown>;
    Object.assign(fields, {
      'container.image.repository': 'haproxytech/kubernetes-ingress',
      'k8s.ns.name': 'haproxy-controller',
      'k8s.pod.name': 'haproxy-kubernetes-ingress-99bdsc8cf4-hjchq',
      'proc.name': 'haproxy',
      'fd.name': '/etc/haproxy/haproxy.cfg',
    });

    expect(verdictFor(filters, alert)).toBe('haproxy-startup-config');
  });

  it('suppresses the custom HAProxy start-up process', () => {
    const alert = sampleAlert('Write below etc', 'aws-node');
    Object.assign(alert.output_fields as Record<string, unknown>, {
      'container.image.repository': 'haproxytech/kubernetes-ingress',
      'proc.name': 'render-haproxy-cfg',
      'proc.pname': 'acme-haproxy-init',
      'fd.name': '/etc/haproxy/haproxy.cfg',
    });

    expect(verdictFor(filters, alert)).toBe('haproxy-startup-config');
  });

  it('keeps HAProxy writes outside /etc/haproxy', () => {
    const alert = sampleAlert('Write below etc', 'aws-node');
    Object.assign(alert.output_fields as Record<string, unknown>, {
      'container.image.repository': 'haproxytech/kubernetes-ingress',
      'proc.name': 'haproxy',
      'fd.name': '/etc/ld.so.preload',
    });

    expect(verdictFor(filters, alert)).toBeUndefined();
  });

  it('suppresses developer shells in load-test pods', () => {
    const alert = sampleAlert('Terminal shell in container', 'haproxy-controller');
    Object.assign(alert.output_fields as Record<string, unknown>, {
      'k8s.ns.name': 'loadtest',
      'k8s.pod.name': 'k6-checkout-soak-29028180-twktj',
    });

    expect(verdictFor(filters, alert)).toBe('loadtest-developer-shells');
  });
});
