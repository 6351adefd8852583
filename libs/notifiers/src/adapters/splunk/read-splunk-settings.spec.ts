import { createOutputAdapter } from '../../config/create-output-adapter';
import { OutputConfigError } from '../../config/output-config-error';
import { parseOutputConfig } from '../../config/parse-output-config';
import { SplunkHecOutput } from './splunk-hec-output';
import { thrownBy } from '@talaria/testing';

function issuesOf(action: () => unknown): string[] {
  return thrownBy(action, OutputConfigError).issues;
}

describe('splunk output configuration', () => {
  it('reads every key', () => {
    const config = parseOutputConfig(
      {
        name: 'splunk',
        type: 'splunk',
        url: 'https://splunk.example:8088',
        token: { env: 'SPLUNK_HEC_TOKEN' },
        index: 'security',
        source: 'talaria-prod',
        sourcetype: 'falco:finding',
        host: 'forwarder-1',
        gzip: true,
        ack: true,
        channel: '0B8C2F4E-9D1A-4C7B-8E3F-5A6D7C8B9E0F',
        ackPollIntervalMs: 2000,
        ackTimeoutMs: 60_000,
        timeoutMs: 5000,
        maxSockets: 2,
        batchSize: 50,
      },
      'outputs[0]',
    );

    expect(config).toEqual({
      name: 'splunk',
      type: 'splunk',
      route: { minPriority: 'Debug' },
      delivery: { batchSize: 50 },
      url: 'https://splunk.example:8088',
      token: { env: 'SPLUNK_HEC_TOKEN' },
      index: 'security',
      source: 'talaria-prod',
      sourcetype: 'falco:finding',
      host: 'forwarder-1',
      gzip: true,
      ack: true,
      channel: '0B8C2F4E-9D1A-4C7B-8E3F-5A6D7C8B9E0F',
      ackPollIntervalMs: 2000,
      ackTimeoutMs: 60_000,
      timeoutMs: 5000,
      maxSockets: 2,
    });
  });

  it('fills defaults', () => {
    const config = parseOutputConfig(
      {
        name: 's',
        type: 'splunk',
        url: 'http://127.0.0.1:8088',
        token: { file: '/run/secrets/hec' },
      },
      'outputs[0]',
    );

    expect(config).toMatchObject({
      source: 'talaria',
      sourcetype: 'falco',
      gzip: false,
      ack: false,
    });
    expect((config as { index?: string }).index).toBeUndefined();
  });

  it('names every problem with its key and fix', () => {
    const issues = issuesOf(() =>
      parseOutputConfig(
        {
          name: 's',
          type: 'splunk',
          url: 'https://admin:secret@splunk.example',
          token: 'inline-token',
          index: 'Security Logs',
          gzip: 'yes',
          channel: 'my-channel',
          ackPollIntervalMs: 20_000,
          ackTimeoutMs: 10_000,
        },
        'outputs[1]',
      ),
    );

    expect(issues).toEqual([
      'outputs[1].token: a literal secret is not accepted; write { env: NAME } or { file: PATH } and keep the secret itself out of the configuration',
      'outputs[1].url: contains a user name or password; remove it and give credentials as { env: NAME } or { file: PATH }',
      'outputs[1].index: "Security Logs" is not a Splunk index name; use lower-case letters, digits, _ and -',
      'outputs[1].gzip: "yes" is not valid; write true or false',
      'outputs[1].channel: "my-channel" is not a GUID; set one such as 0b8c2f4e-9d1a-4c7b-8e3f-5a6d7c8b9e0f, or leave it unset',
      'outputs[1].ackTimeoutMs (10000) must not be below ackPollIntervalMs (20000); raise ackTimeoutMs',
    ]);
  });

  it('requires a URL and a token', () => {
    expect(issuesOf(() => parseOutputConfig({ name: 's', type: 'splunk' }, 'outputs[0]'))).toEqual([
      'outputs[0].token: missing; give the HEC token as { env: NAME } or { file: PATH }, never inline',
      'outputs[0].url: missing; set it to a non-empty string',
    ]);
  });

  it('creates the adapter with the batch size', async () => {
    const config = parseOutputConfig(
      {
        name: 's',
        type: 'splunk',
        url: 'http://127.0.0.1:8088',
        token: { env: 'HEC' },
        batchSize: 25,
      },
      'outputs[0]',
    );

    const adapter = createOutputAdapter(config, {
      secrets: { env: { HEC: 'abc' }, readFile: () => '' },
    });

    expect(adapter).toBeInstanceOf(SplunkHecOutput);
    expect(adapter.maxBatchSize).toBe(25);
    await adapter.close?.();
  });
});
