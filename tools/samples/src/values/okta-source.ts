import type { FieldValue } from '../format/field-value';
import type { SeededRandom } from '../random';
import { pickPluginHost } from './plugin-hosts';
import { pickTime, type SourceGenerator } from './source-generator';

const PEOPLE = ['Alice Martin', 'Bob Nguyen', 'Carla Rossi', 'Dev Patel', 'Erin Walsh'];
const ADMINS = ['Okta Admin (it-ops)', 'Carla Rossi'];
const APPS = [
  'acme_payments_console',
  'aws_account_federation',
  'github_enterprise',
  'grafana_cloud',
];

/** Alerts from the Okta System Log, polled by one Falco deployment. */
export const oktaSource: SourceGenerator = {
  appendedFields: [],

  draft({ rule, fields, random, fleet, window }) {
    const host = pickPluginHost(fleet, 'okta', random);
    // The Okta System Log records times to the millisecond.
    const time = pickTime(random, window, 1_000_000n);
    const actor = /admin|reset by/i.test(rule.name) ? random.pick(ADMINS) : random.pick(PEOPLE);
    const target = random.pick(PEOPLE.filter((person) => person !== actor));

    const values = new Map<string, FieldValue>(
      fields.map((field) => [field, oktaFieldValue(field, rule.name, actor, target, random)]),
    );
    return { hostname: host.hostname, cluster: host.cluster, time, values };
  },
};

function oktaFieldValue(
  field: string,
  ruleName: string,
  actor: string,
  target: string,
  random: SeededRandom,
): FieldValue {
  // Field names may carry an argument, as in okta.mfa.failure.countlast[300].
  const name = field.replace(/\[.*\]$/, '');
  switch (name) {
    case 'okta.actor.name':
      return actor;
    case 'okta.client.ip':
      return `${random.pick(['198.51.100', '203.0.113', '192.0.2'])}.${random.integer(1, 254)}`;
    case 'okta.client.geo.country':
      return /suspicious|geolocation/i.test(ruleName)
        ? random.pick(['Kazakhstan', 'Brazil', 'Vietnam'])
        : 'Ireland';
    case 'okta.target.user.name':
      return target;
    case 'okta.target.group.name':
      return random.pick(['Payments Engineers', 'AWS Production Admins', 'Contractors']);
    case 'okta.target.app.alternateid':
      return random.pick(APPS);
    case 'okta.reason':
      return random.pick([
        'INVALID_CREDENTIALS',
        'User rejected Okta push verify',
        'VERIFICATION_ERROR',
      ]);
    case 'okta.mfa.failure.countlast':
    case 'okta.mfa.deny.countlast':
      return random.integer(6, 25);
  }
  return null;
}
