import { parseJson, type Finding } from '@talaria/falco-event';
import { startLambdaServer, type LambdaServer } from '@talaria/testing';

import type { SentFinding } from '../src/adapters/lambda/cut-finding';
import { LambdaOutput, type LambdaOutputOptions } from '../src/adapters/lambda/lambda-output';
import { captureLogger } from './support/capture-logger';
import { corpusFinding, corpusFindings } from './support/corpus-findings';
import { useDummyAwsEnvironment } from './support/dummy-aws-environment';
import { unusedPort } from './support/tcp-proxy';

describe('LambdaOutput', () => {
  useDummyAwsEnvironment();
  let server: LambdaServer;
  const outputs: LambdaOutput[] = [];

  beforeEach(async () => {
    server = await startLambdaServer({ functions: ['talaria-findings'] });
  });

  afterEach(async () => {
    await Promise.all(outputs.splice(0).map((output) => output.close()));
    await server.close();
  });

  function createOutput(options: Partial<LambdaOutputOptions> = {}): LambdaOutput {
    const output = new LambdaOutput({
      name: 'responder',
      functionName: 'talaria-findings',
      endpoint: server.url,
      ...options,
    });
    outputs.push(output);
    return output;
  }

  it('invokes with one finding', async () => {
    const finding = corpusFinding('Delete Group');

    const result = await createOutput().send([finding]);

    expect(result).toEqual({ failed: [] });
    const [invocation] = server.invocations;
    expect(invocation).toMatchObject({
      functionName: 'talaria-findings',
      invocationType: 'RequestResponse',
      accessKeyId: 'AKIDTALARIATEST',
      region: 'eu-west-1',
    });
    expect((parseJson(invocation.payloadText) as Finding).id).toBe(finding.id);
    expect(invocation.payloadText).toContain('"evt.time":1741673282000000000');
  });

  it('takes region and qualifier from options', async () => {
    await createOutput({ region: 'us-east-1', qualifier: 'live' }).send([
      corpusFinding('Delete Group'),
    ]);

    expect(server.invocations[0]).toMatchObject({ region: 'us-east-1', qualifier: 'live' });
  });

  it('sends arrays in array mode', async () => {
    const findings = corpusFindings().slice(0, 5);

    await createOutput({ payload: 'array' }).send(findings);

    expect(server.invocations).toHaveLength(1);
    const ids = (parseJson(server.invocations[0].payloadText) as Finding[]).map((f) => f.id);
    expect(ids).toEqual(findings.map((finding) => finding.id));
  });

  it('invokes asynchronously with Event', async () => {
    const output = createOutput({ invocationType: 'Event' });

    const result = await output.send([corpusFinding('Delete Group')]);

    expect(result.failed).toEqual([]);
    expect(server.invocations[0].invocationType).toBe('Event');
  });

  it('splits arrays at the async limit', async () => {
    const limited = await startLambdaServer({ maxAsyncPayloadBytes: 16 * 1024 });
    const output = createOutput({
      endpoint: limited.url,
      invocationType: 'Event',
      payload: 'array',
      maxPayloadBytes: 16 * 1024,
    });
    try {
      const findings = corpusFindings().slice(0, 60);

      const result = await output.send(findings);

      expect(result.failed).toEqual([]);
      expect(limited.invocations.length).toBeGreaterThan(1);
      const sent = limited.invocations.flatMap((invocation) =>
        (parseJson(invocation.payloadText) as Finding[]).map((finding) => finding.id),
      );
      expect(sent).toEqual(findings.map((finding) => finding.id));
    } finally {
      await limited.close();
    }
  });

  it('cuts an oversized finding and says so', async () => {
    const { logger, lines } = captureLogger();
    const output = createOutput({ invocationType: 'Event', logger });
    const finding = corpusFinding('Terminal shell in container');
    finding.alert.output_fields = {
      ...finding.alert.output_fields,
      'proc.cmdline': `sh -c ${'x'.repeat(400_000)}`,
    };

    const result = await output.send([finding]);

    expect(result.failed).toEqual([]);
    const [invocation] = server.invocations;
    expect(invocation.payloadText.length).toBeLessThanOrEqual(256 * 1024);
    const sent = parseJson(invocation.payloadText) as SentFinding;
    expect(sent.truncated).toEqual(['/alert/output_fields/proc.cmdline']);
    expect(sent.alert.output_fields?.['proc.cmdline']).toMatch(/\[truncated \d+ characters\]$/);
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        output: 'responder',
        findingIds: [finding.id],
        msg: expect.stringContaining('cut to fit the Lambda payload limit'),
      }),
    );
  });

  it('rejects a finding that cannot fit', async () => {
    const output = createOutput({ maxPayloadBytes: 4096 });
    const finding = corpusFinding('Terminal shell in container');
    finding.workload.pod = 'p'.repeat(5000);

    const result = await output.send([finding]);

    expect(result.failed).toEqual([
      {
        finding,
        reason: expect.stringContaining('does not fit the 4096-byte payload limit'),
        retryable: false,
      },
    ]);
    expect(server.requests).toHaveLength(0);
  });

  it('fails a function error without retry', async () => {
    server.respondNext({
      functionError: { errorType: 'TypeError', errorMessage: 'cannot read owner' },
    });
    const finding = corpusFinding('Delete Group');

    const result = await createOutput().send([finding]);

    expect(result.failed).toEqual([
      {
        finding,
        reason: expect.stringContaining('function error Unhandled: {"errorType":"TypeError"'),
        retryable: false,
      },
    ]);
  });

  it('retries function errors when configured', async () => {
    server.respondNext({ functionError: { errorType: 'Error', errorMessage: 'flaky' } });

    const result = await createOutput({ retryFunctionErrors: true }).send([
      corpusFinding('Delete Group'),
    ]);

    expect(result.failed[0].retryable).toBe(true);
  });

  it('stops at throttling with Retry-After', async () => {
    server.respondNext({ error: 'TooManyRequestsException', retryAfterSeconds: 4 });
    const findings = corpusFindings().slice(0, 3);
    const output = createOutput();

    const first = await output.send([findings[0]]);
    const arrayOutput = createOutput({ payload: 'array', maxPayloadBytes: 4096 });
    server.respondNext({ error: 'TooManyRequestsException', retryAfterSeconds: 2 });
    const batch = await arrayOutput.send(findings);

    expect(first.retryAfterMs).toBe(4000);
    expect(first.failed[0]).toMatchObject({
      retryable: true,
      reason: expect.stringContaining('TooManyRequestsException (429)'),
    });
    expect(batch.retryAfterMs).toBe(2000);
    expect(batch.failed.map((failure) => failure.finding)).toEqual(findings);
    expect(server.requests).toHaveLength(2);
  });

  it('rejects an unknown function for good', async () => {
    const result = await createOutput({ functionName: 'absent' }).send([
      corpusFinding('Delete Group'),
    ]);

    expect(result.failed[0]).toMatchObject({
      retryable: false,
      reason: expect.stringContaining('ResourceNotFoundException (404)'),
    });
  });

  it('rejects a payload the service finds too large', async () => {
    const strict = await startLambdaServer({ maxSyncPayloadBytes: 2048 });
    const finding = corpusFinding('Delete Group');
    finding.alert.output_fields = { 'proc.cmdline': 'x'.repeat(5000) };
    try {
      const result = await createOutput({ endpoint: strict.url }).send([finding]);

      expect(result.failed[0]).toMatchObject({
        retryable: false,
        reason: expect.stringContaining('lower maxPayloadBytes'),
      });
    } finally {
      await strict.close();
    }
  });

  it('retries when the endpoint is unreachable', async () => {
    const port = await unusedPort();

    const result = await createOutput({ endpoint: `http://127.0.0.1:${port}` }).send([
      corpusFinding('Delete Group'),
    ]);

    expect(result.failed[0]).toMatchObject({
      retryable: true,
      reason: expect.stringContaining('ECONNREFUSED'),
    });
  });
});
