import { createOutputAdapter } from '../../config/create-output-adapter';
import { OutputConfigError } from '../../config/output-config-error';
import { parseOutputConfig } from '../../config/parse-output-config';
import { SlackOutput } from './slack-output';
import { thrownBy } from '@talaria/testing';

function issuesOf(action: () => unknown): string[] {
  return thrownBy(action, OutputConfigError).issues;
}

describe('slack output configuration', () => {
  it('reads every key', () => {
    const config = parseOutputConfig(
      {
        name: 'soc-slack',
        type: 'slack',
        minPriority: 'Warning',
        criticalities: ['high'],
        token: { env: 'SLACK_BOT_TOKEN' },
        channels: {
          default: '#security-alerts',
          byNamespace: { payments: '#payments-security' },
          byPriority: { critical: '#security-oncall', Emergency: 'C0123456789' },
          useOwnerChannel: false,
        },
        apiUrl: 'http://127.0.0.1:9999/api/',
        kibanaUrl: 'https://kibana.example/app/discover#/?_a=(query:(query:%27id:"{id}"%27))',
        timeoutMs: 5000,
        threadCacheSize: 500,
      },
      'outputs[0]',
    );

    expect(config).toEqual({
      name: 'soc-slack',
      type: 'slack',
      route: { minPriority: 'Warning', criticalities: ['high'] },
      delivery: {},
      token: { env: 'SLACK_BOT_TOKEN' },
      channels: {
        default: '#security-alerts',
        byNamespace: { payments: '#payments-security' },
        byPriority: { Critical: '#security-oncall', Emergency: 'C0123456789' },
        useOwnerChannel: false,
      },
      apiUrl: 'http://127.0.0.1:9999/api/',
      kibanaUrl: 'https://kibana.example/app/discover#/?_a=(query:(query:%27id:"{id}"%27))',
      timeoutMs: 5000,
      threadCacheSize: 500,
    });
  });

  it('fills defaults', () => {
    const config = parseOutputConfig(
      {
        name: 's',
        type: 'slack',
        token: { file: '/run/secrets/slack' },
        channels: { default: '#a' },
      },
      'outputs[0]',
    );

    expect(config).toMatchObject({
      apiUrl: 'https://slack.com/api/',
      channels: { default: '#a', byNamespace: {}, byPriority: {}, useOwnerChannel: true },
    });
  });

  it('names every problem with its key and fix', () => {
    const issues = issuesOf(() =>
      parseOutputConfig(
        {
          name: 's',
          type: 'slack',
          token: 'xoxb-inline',
          channels: {
            default: 'has space',
            byPriority: { Severe: '#x' },
            byNamespace: { shop: 3 },
            useOwnerChannel: 'yes',
            colour: 'red',
          },
          apiUrl: 'ftp://slack.example',
          kibanaUrl: 'https://kibana.example/discover',
          threadCacheSize: 0,
        },
        'outputs[2]',
      ),
    );

    expect(issues).toEqual([
      'outputs[2].token: a literal secret is not accepted; write { env: NAME } or { file: PATH } and keep the secret itself out of the configuration',
      'outputs[2].channels.colour: unknown key; remove it or use one of default, byNamespace, byPriority, useOwnerChannel',
      'outputs[2].channels.default: "has space" is not a Slack channel; write a name such as \'#security-alerts\' or an ID such as C0123456789',
      "outputs[2].channels.byNamespace.shop: 3 is not a Slack channel; write a name such as '#security-alerts' or an ID such as C0123456789",
      'outputs[2].channels.byPriority.Severe: not a Falco priority; use one of Emergency, Alert, Critical, Error, Warning, Notice, Informational, Debug',
      'outputs[2].channels.useOwnerChannel: "yes" is not valid; write true or false',
      'outputs[2].apiUrl: "ftp://slack.example" is not an http(s) URL; set an http:// or https:// address',
      'outputs[2].kibanaUrl: "https://kibana.example/discover" has no {id} placeholder; put {id} where the finding id belongs',
      'outputs[2].threadCacheSize: 0 is not valid; set a whole number from 1 to 1000000 (fingerprints)',
    ]);
  });

  it('requires a token and a default channel', () => {
    expect(issuesOf(() => parseOutputConfig({ name: 's', type: 'slack' }, 'outputs[0]'))).toEqual([
      'outputs[0].token: missing; give the bot token as { env: NAME } or { file: PATH }, never inline',
      "outputs[0].channels: missing; set at least channels.default, such as '#security-alerts'",
    ]);
  });

  it('rejects link syntax in the Kibana template', () => {
    const issues = issuesOf(() =>
      parseOutputConfig(
        {
          name: 's',
          type: 'slack',
          token: { env: 'T' },
          channels: { default: '#a' },
          kibanaUrl: 'https://kibana.example/{id}|click',
        },
        'outputs[0]',
      ),
    );

    expect(issues).toEqual([
      'outputs[0].kibanaUrl: "https://kibana.example/{id}|click" contains a space, <, > or |; percent-encode them (%20, %3C, %3E, %7C)',
    ]);
  });

  it('creates the adapter with the token from the environment', () => {
    const config = parseOutputConfig(
      { name: 's', type: 'slack', token: { env: 'TEST_SLACK' }, channels: { default: '#a' } },
      'outputs[0]',
    );

    const adapter = createOutputAdapter(config, {
      secrets: { env: { TEST_SLACK: 'xoxb-1' }, readFile: () => '' },
    });

    expect(adapter).toBeInstanceOf(SlackOutput);
    expect(adapter.maxBatchSize).toBe(1);
  });

  it('rejects a token with a line break without echoing it', () => {
    const config = parseOutputConfig(
      { name: 's', type: 'slack', token: { file: '/secret' }, channels: { default: '#a' } },
      'outputs[0]',
    );

    expect(() =>
      createOutputAdapter(config, { secrets: { env: {}, readFile: () => 'xoxb-1\nxoxb-2\n' } }),
    ).toThrow(
      new OutputConfigError([
        'output "s" token: the token contains a space or line break; store only the token, on one line',
      ]),
    );
  });
});
