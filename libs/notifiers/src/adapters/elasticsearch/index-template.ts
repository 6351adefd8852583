import { FINDING_SCHEMA } from '@talaria/falco-event';

/**
 * Maximum length in characters of an indexed keyword. Longer values stay in `_source` but
 * are not indexed, so an attacker-sized value cannot get a document rejected:
 * Lucene rejects terms over 32766 bytes, and 8191 characters of UTF-8 take at
 * most 32764.
 */
const MAX_KEYWORD_CHARACTERS = 8191;

const keyword = { type: 'keyword', ignore_above: MAX_KEYWORD_CHARACTERS };
const timestamp = { type: 'date' };

function keywords(names: readonly string[]): Record<string, typeof keyword> {
  return Object.fromEntries(names.map((name) => [name, keyword]));
}

/**
 * The mapping of a finding document: every field of the finding schema, with its type.
 * `dynamic: false` keeps unknown fields in `_source` without mapping them, so
 * a field that changes type between alerts never causes a mapping conflict.
 * `alert.output_fields` and `owner.vulnerabilities` are `flattened`: each leaf
 * is indexed as a keyword under its dotted path, whether the alert sent a
 * number, a string, a boolean, an array or null.
 */
export const FINDING_MAPPINGS = {
  dynamic: false,
  properties: {
    '@timestamp': { type: 'date_nanos' },
    ...keywords(['schema', 'id', 'fingerprint', 'cluster', 'region', 'priority']),
    receivedAt: timestamp,
    timeMs: { type: 'date', format: 'epoch_millis' },
    workload: {
      properties: keywords([
        'cluster',
        'region',
        'namespace',
        'pod',
        'workloadKind',
        'workloadName',
        'containerId',
        'containerName',
        'imageRepository',
        'imageTag',
        'imageDigest',
        'targetNamespace',
        'targetResource',
        'targetName',
        'cloudAccount',
        'user',
      ]),
    },
    owner: {
      properties: {
        ...keywords([
          'status',
          'reason',
          'service',
          'team',
          'slackChannel',
          'escalationContact',
          'criticality',
          'matchedBy',
          'awsAccounts',
        ]),
        vulnerabilities: { type: 'flattened', ignore_above: MAX_KEYWORD_CHARACTERS },
      },
    },
    alert: {
      properties: {
        ...keywords(['time', 'rule', 'priority', 'source', 'tags', 'hostname']),
        output: { type: 'text' },
        output_fields: { type: 'flattened', ignore_above: MAX_KEYWORD_CHARACTERS },
      },
    },
    coalesced: {
      properties: { count: { type: 'long' }, firstSeen: timestamp, lastSeen: timestamp },
    },
    // Marks that noise control (@talaria/noise-filter) adds, such as the storm a finding belongs to.
    noise: {
      properties: keywords([
        'fingerprint',
        'stormId',
        'wouldSuppressBy',
        'suppressedBy',
        'suppressedReason',
        'summaryOf',
        'rateLimit',
      ]),
    },
  },
} as const;

export interface IndexTemplateOptions {
  /** Prefix of daily indices, matched as `{prefix}-*`. */
  indexPrefix?: string;
  /** Data stream name, matched exactly. */
  dataStream?: string;
  priority: number;
}

/** Builds the composable index template body for `PUT _index_template/{name}`. */
export function buildIndexTemplate(options: IndexTemplateOptions): Record<string, unknown> {
  const template: Record<string, unknown> = {
    index_patterns:
      options.dataStream !== undefined ? [options.dataStream] : [`${options.indexPrefix}-*`],
    priority: options.priority,
    template: { mappings: FINDING_MAPPINGS },
    _meta: { managed_by: 'talaria', schema: FINDING_SCHEMA },
  };
  if (options.dataStream !== undefined) template.data_stream = {};
  return template;
}
