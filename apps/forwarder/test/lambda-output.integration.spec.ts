import { join } from 'node:path';

import { parseJson, PRIORITIES, type Finding } from '@talaria/falco-event';
import { startLambdaServer, type LambdaServer } from '@talaria/testing';

import { counterValue, eventually } from './support/test-forwarder';
import {
  readNdjsonFile,
  sampleAlerts,
  startYamlForwarder,
  type YamlForwarder,
} from './support/yaml-forwarder';

const WARNING_OR_MORE = PRIORITIES.slice(0, PRIORITIES.indexOf('Warning') + 1) as readonly string[];
const PAYLOAD_LIMIT = 16 * 1024;

// Dummy credentials keep the SDK's chain at the environment, away from the metadata service.
const AWS_ENVIRONMENT = {
  AWS_ACCESS_KEY_ID: 'AKIDFORWARDERTEST',
  AWS_SECRET_ACCESS_KEY: 'forwarder-test-secret-not-real',
  AWS_REGION: 'eu-west-1',
  AWS_EC2_METADATA_DISABLED: 'true',
};

type SentFinding = Finding & { truncated?: string[] };

// Delivery through a whole forwarder takes seconds on a small machine.
jest.setTimeout(30_000);

// A real forwarder reads the output from YAML and invokes the Lambda protocol server.
describe('forwarder to AWS Lambda', () => {
  const savedEnvironment = Object.fromEntries(
    Object.keys(AWS_ENVIRONMENT).map((name) => [name, process.env[name]]),
  );
  let server: LambdaServer;
  let forwarder: YamlForwarder;
  let archivePath: string;

  beforeAll(async () => {
    server = await startLambdaServer({
      functions: ['talaria-responder'],
      maxAsyncPayloadBytes: PAYLOAD_LIMIT,
    });
    forwarder = await startYamlForwarder(
      (directory) =>
        [
          '  - name: responder',
          '    type: lambda',
          '    functionName: talaria-responder',
          '    invocationType: Event',
          '    region: us-east-1',
          `    endpoint: ${server.url}`,
          '    payload: array',
          `    maxPayloadBytes: ${PAYLOAD_LIMIT}`,
          '    minPriority: Warning',
          '    lingerMs: 20',
          '    retry: { initialDelayMs: 10, maxDelayMs: 50 }',
          '  - name: archive',
          '    type: file',
          `    path: ${JSON.stringify(join(directory, 'archive.ndjson'))}`,
          '    lingerMs: 20',
        ].join('\n'),
      AWS_ENVIRONMENT,
    );
    archivePath = join(forwarder.directory, 'archive.ndjson');
  });

  afterAll(async () => {
    await forwarder?.stop();
    await server?.close();
    for (const [name, value] of Object.entries(savedEnvironment)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  const sentFindings = (): SentFinding[] =>
    server.invocations.flatMap((invocation) => parseJson(invocation.payloadText) as SentFinding[]);

  const archivedFindings = (): Finding[] => readNdjsonFile(archivePath) as Finding[];

  it('invokes the function with every Warning or worse finding', async () => {
    const alerts = sampleAlerts([
      'Delete Group',
      'Read sensitive file untrusted',
      'K8s Secret Get Successfully',
      'Terminal shell in container',
    ]);
    await forwarder.postNdjson(alerts);

    await eventually(() => archivedFindings().length === alerts.length, 'all findings archived');
    const expected = archivedFindings().filter((finding) =>
      WARNING_OR_MORE.includes(finding.priority),
    );
    await eventually(
      () => sentFindings().length === expected.length,
      `${expected.length} findings sent`,
    );

    expect(
      sentFindings()
        .map((finding) => finding.id)
        .sort(),
    ).toEqual(expected.map((finding) => finding.id).sort());
    expect(
      server.invocations.every((invocation) => invocation.payloadText.length <= PAYLOAD_LIMIT),
    ).toBe(true);
    expect(server.invocations[0]).toMatchObject({
      functionName: 'talaria-responder',
      invocationType: 'Event',
      region: 'us-east-1',
      accessKeyId: 'AKIDFORWARDERTEST',
    });
    expect(
      server.invocations.some((invocation) =>
        invocation.payloadText.includes('"evt.time":1741673282000000000'),
      ),
    ).toBe(true);
  });

  it('cuts an oversized finding and marks it', async () => {
    const [template] = sampleAlerts(['Terminal shell in container']);
    const alert = JSON.parse(template) as {
      output_fields: Record<string, unknown>;
      priority: string;
    };
    alert.priority = 'Critical';
    alert.output_fields['proc.cmdline'] = `bash -c ${'A'.repeat(60_000)}`;
    const before = sentFindings().length;

    await forwarder.postNdjson([JSON.stringify(alert)]);
    await eventually(() => sentFindings().length === before + 1, 'oversized finding sent');

    const sent = sentFindings().at(-1)!;
    expect(sent.truncated).toEqual(['/alert/output_fields/proc.cmdline']);
    expect(String(sent.alert.output_fields?.['proc.cmdline'])).toMatch(
      /\.\.\.\[truncated \d+ characters\]$/,
    );
    expect(server.invocations.at(-1)!.payloadText.length).toBeLessThanOrEqual(PAYLOAD_LIMIT);
    expect(
      forwarder.logLines.some((line) =>
        String(line.msg).includes('cut to fit the Lambda payload limit'),
      ),
    ).toBe(true);
  });

  it('waits out throttling and dead-letters a rejected payload', async () => {
    const [throttled, rejected] = sampleAlerts(['Delete Group']).slice(0, 2);
    const before = sentFindings().length;
    const requestsBefore = server.requests.length;

    server.respondNext({ error: 'TooManyRequestsException', retryAfterSeconds: 1 });
    await forwarder.postNdjson([throttled]);
    await eventually(
      () => sentFindings().length === before + 1,
      'throttled finding sent after Retry-After',
    );
    const [throttledRequest, retriedRequest] = server.requests.slice(requestsBefore);
    expect(retriedRequest.receivedAt - throttledRequest.receivedAt).toBeGreaterThanOrEqual(950);
    server.respondNext({
      error: 'InvalidRequestContentException',
      message: 'Could not parse request body into json',
    });
    await forwarder.postNdjson([rejected]);
    await eventually(
      () => forwarder.readDeadLetters().length === 1,
      'rejected finding dead-lettered',
    );

    const [record] = forwarder.readDeadLetters();
    expect(record).toMatchObject({
      output: 'responder',
      reason: 'not_retryable',
      lastError: 'InvalidRequestContentException (400): Could not parse request body into json',
    });
    const metrics = await forwarder.metricsText();
    expect(counterValue(metrics, 'talaria_output_retries_total', { output: 'responder' })).toBe(1);
  });
});
