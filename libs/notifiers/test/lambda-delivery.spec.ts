import { startLambdaServer, type LambdaServer } from '@talaria/testing';

import { LambdaOutput } from '../src/adapters/lambda/lambda-output';
import { channelHarness, gapsBetween } from './support/channel-harness';
import { corpusFinding, corpusFindings } from './support/corpus-findings';
import { useDummyAwsEnvironment } from './support/dummy-aws-environment';

describe('Lambda delivery under failure', () => {
  useDummyAwsEnvironment();
  let server: LambdaServer;
  let output: LambdaOutput;

  beforeEach(async () => {
    server = await startLambdaServer({ functions: ['talaria-findings'] });
    output = new LambdaOutput({
      name: 'responder',
      functionName: 'talaria-findings',
      endpoint: server.url,
    });
  });

  afterEach(async () => {
    await output.close();
    await server.close();
  });

  const requestTimes = (): number[] => server.requests.map((request) => request.receivedAt);

  it('waits for Retry-After when throttled', async () => {
    const harness = channelHarness(output);
    server.respondNext({ error: 'TooManyRequestsException', retryAfterSeconds: 1 });

    const outcome = await harness.deliver(corpusFinding('Delete Group'));

    expect(outcome).toBe('delivered');
    expect(server.invocations).toHaveLength(1);
    const [gap] = gapsBetween(requestTimes());
    expect(gap).toBeGreaterThanOrEqual(950);
    expect(await harness.counter('talaria_output_retries_total')).toBe(1);
  });

  it('backs off on service errors', async () => {
    const harness = channelHarness(output, {
      random: () => 0.999,
      retry: { initialDelayMs: 40, maxDelayMs: 10_000, maxAttempts: 5 },
    });
    server.respondNext({ error: 'ServiceException' }, 3);

    const outcome = await harness.deliver(corpusFinding('Delete Group'));

    expect(outcome).toBe('delivered');
    const gaps = gapsBetween(requestTimes());
    expect(gaps).toHaveLength(3);
    expect(gaps[0]).toBeGreaterThanOrEqual(35);
    expect(gaps[1]).toBeGreaterThanOrEqual(75);
    expect(gaps[2]).toBeGreaterThanOrEqual(155);
  });

  it('dead-letters a function error at once', async () => {
    const harness = channelHarness(output);
    server.respondNext({
      functionError: { errorType: 'TypeError', errorMessage: 'cannot read owner' },
    });
    const finding = corpusFinding('Delete Group');

    const outcome = await harness.deliver(finding);

    expect(outcome).toBe('dead_lettered');
    expect(server.invocations).toHaveLength(1);
    expect(harness.deadLetter.records[0]).toMatchObject({
      output: 'responder',
      reason: 'not_retryable',
      attempts: 1,
      lastError: expect.stringContaining('cannot read owner'),
    });
    expect(harness.deadLetter.records[0].finding.id).toBe(finding.id);
  });

  it('dead-letters after the last attempt', async () => {
    const harness = channelHarness(output, { retry: { maxAttempts: 3 } });
    server.respondNext({ error: 'ServiceException', message: 'internal failure' }, 10);

    const outcome = await harness.deliver(corpusFinding('Delete Group'));

    expect(outcome).toBe('dead_lettered');
    expect(server.requests).toHaveLength(3);
    expect(harness.deadLetter.records[0]).toMatchObject({
      reason: 'retries_exhausted',
      attempts: 3,
      lastError: 'ServiceException (500): internal failure',
    });
  });

  it('delivers the rest of a batch', async () => {
    const arrayOutput = new LambdaOutput({
      name: 'batches',
      functionName: 'talaria-findings',
      endpoint: server.url,
      payload: 'array',
      maxPayloadBytes: 4096,
    });
    const harness = channelHarness(arrayOutput);
    const findings = corpusFindings().slice(0, 6);
    const oversized = corpusFinding('Terminal shell in container');
    oversized.workload.pod = 'p'.repeat(5000);
    try {
      const outcomes = await Promise.all([...findings, oversized].map((f) => harness.deliver(f)));

      expect(outcomes).toEqual([...findings.map(() => 'delivered'), 'dead_lettered']);
      expect(harness.deadLetter.records.map((record) => record.finding.id)).toEqual([oversized.id]);
      expect(harness.deadLetter.records[0].lastError).toContain('4096-byte payload limit');
    } finally {
      await arrayOutput.close();
    }
  });
});
