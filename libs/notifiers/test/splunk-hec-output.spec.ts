import { gunzipSync } from 'node:zlib';

import type { Finding } from '@talaria/falco-event';
import {
  DEFAULT_HEC_TEST_TOKEN,
  startSplunkHecServer,
  type SplunkHecServer,
} from '@talaria/testing';
import { Registry } from 'prom-client';

import {
  SplunkHecOutput,
  type SplunkHecOutputOptions,
} from '../src/adapters/splunk/splunk-hec-output';
import { DeliveryError } from '../src/delivery/delivery-error';
import { OutputChannel, type DeliveryOutcome } from '../src/delivery/output-channel';
import { captureLogger } from './support/capture-logger';
import { MemoryDeadLetter } from './support/memory-dead-letter';
import { stopAfterTest } from './support/stop-after-test';
import { metricValue } from './support/metrics';
import { sampleFinding } from './support/sample-findings';

const RULES = [
  'Terminal shell in container',
  'Delete Group',
  'User mgmt binaries',
  'Read sensitive file untrusted',
  'Launch Privileged Container',
];

let server: SplunkHecServer;
const outputs: SplunkHecOutput[] = [];

afterEach(async () => {
  await Promise.all(outputs.splice(0).map((output) => output.close()));
  await server?.close();
});

async function start(options: Parameters<typeof startSplunkHecServer>[0] = {}): Promise<void> {
  server = await startSplunkHecServer(options);
}

function createOutput(options: Partial<SplunkHecOutputOptions> = {}): SplunkHecOutput {
  const output = new SplunkHecOutput({
    name: 'splunk',
    url: server.url,
    token: DEFAULT_HEC_TEST_TOKEN,
    ...options,
  });
  outputs.push(output);
  return output;
}

function findings(count: number): Finding[] {
  return Array.from({ length: count }, (_, index) =>
    sampleFinding(RULES[index % RULES.length], `f-${index}`),
  );
}

describe('SplunkHecOutput requests', () => {
  beforeEach(() => start({ indexes: ['security'] }));

  it('sends a batch of events with the token', async () => {
    const batch = findings(3);

    const result = await createOutput({ index: 'security' }).send(batch);

    expect(result).toEqual({ failed: [] });
    const [request] = server.requests;
    expect(request.path).toBe('/services/collector/event');
    expect(request.headers.authorization).toBe(`Splunk ${DEFAULT_HEC_TEST_TOKEN}`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-splunk-request-channel']).toBeUndefined();
    expect(server.events.map((event) => (event.value.event as { id: string }).id)).toEqual([
      'f-0',
      'f-1',
      'f-2',
    ]);
    expect(server.events[0].value).toMatchObject({
      host: 'ip-203-0-113-14.ec2.internal',
      source: 'talaria',
      sourcetype: 'falco',
      index: 'security',
    });
  });

  it('writes the alert time and bigints exactly', async () => {
    await createOutput().send(findings(1));

    const [event] = server.events;
    expect(event.raw.startsWith('{"time":1741691142.190780465,')).toBe(true);
    expect(event.raw).toContain('"evt.time":1741691142190780465');
  });

  it('compresses the body with gzip', async () => {
    await createOutput({ gzip: true }).send(findings(2));

    const [request] = server.requests;
    expect(request.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(request.rawBody).toString('utf8')).toBe(request.body);
    expect(server.events).toHaveLength(2);
  });

  it('uses a base URL with a path prefix', async () => {
    const output = createOutput({ url: `${server.url}/` });

    await output.send(findings(1));

    expect(server.requests[0].path).toBe('/services/collector/event');
  });

  it('fails the batch retryably when the server is busy', async () => {
    server.busyNext(1, 2);

    const error = await createOutput()
      .send(findings(2))
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({
      retryable: true,
      retryAfterMs: 2000,
      message: 'Splunk HEC HTTP 503 code 9: Server is busy',
    });
  });

  it('fails the batch for good for an invalid token', async () => {
    const error = await createOutput({ token: 'wrong' })
      .send(findings(1))
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({
      retryable: false,
      message:
        'Splunk HEC HTTP 403 code 4: Invalid token (the HEC token is not valid; check the token setting)',
    });
    expect(server.events).toHaveLength(0);
  });

  it('rejects every event for an index the token may not use', async () => {
    const batch = findings(3);

    const result = await createOutput({ index: 'secret' }).send(batch);

    expect(result.failed.map((failure) => [failure.finding.id, failure.retryable])).toEqual([
      ['f-0', false],
      ['f-1', false],
      ['f-2', false],
    ]);
    expect(result.failed[0].reason).toContain('code 7: Incorrect index at event 0');
  });

  it('splits the batch at an invalid event', async () => {
    server.rejectEventNext(2);
    const batch = findings(5);

    const result = await createOutput().send(batch);

    expect(server.events.map((event) => (event.value.event as { id: string }).id)).toEqual([
      'f-0',
      'f-1',
    ]);
    expect(result.failed.map((failure) => [failure.finding.id, failure.retryable])).toEqual([
      ['f-2', false],
      ['f-3', true],
      ['f-4', true],
    ]);
    expect(result.failed[0].reason).toBe(
      'Splunk HEC HTTP 400 code 6: Invalid data format at event 2',
    );
    expect(result.failed[1].reason).toBe(
      'not indexed: Splunk stopped reading the batch at event 2 (Splunk HEC HTTP 400 code 6: Invalid data format at event 2)',
    );
  });

  it('fails retryably on a dropped connection', async () => {
    server.respondNext({ closeSocket: true });

    const error = await createOutput()
      .send(findings(1))
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ retryable: true });
    expect((error as Error).message).toMatch(/^Splunk HEC request failed: /);
  });

  it('times out a slow collector', async () => {
    server.respondNext({ status: 200, body: { text: 'Success', code: 0 }, delayMs: 2000 });

    const error = await createOutput({ timeoutMs: 50 })
      .send(findings(1))
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({
      retryable: true,
      message: 'Splunk HEC request timed out after 50 ms',
    });
  });
});

describe('SplunkHecOutput with indexer acknowledgement', () => {
  beforeEach(() => start({ ack: true }));

  it('counts a batch delivered once acknowledged', async () => {
    const output = createOutput({ ack: true, ackPollIntervalMs: 20 });

    const result = await output.send(findings(2));

    expect(result).toEqual({ failed: [] });
    const channel = server.requests[0].headers['x-splunk-request-channel'];
    expect(channel).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(server.ackQueries).toEqual([[0]]);
    const ackRequest = server.requests.find(
      (request) => request.path === '/services/collector/ack',
    );
    expect(ackRequest?.headers['x-splunk-request-channel']).toBe(channel);
    expect(ackRequest?.headers.authorization).toBe(`Splunk ${DEFAULT_HEC_TEST_TOKEN}`);
    expect(ackRequest?.body).toBe('{"acks":[0]}');
  });

  it('uses the configured channel', async () => {
    const channel = '0b8c2f4e-9d1a-4c7b-8e3f-5a6d7c8b9e0f';

    await createOutput({ ack: true, channel, ackPollIntervalMs: 20 }).send(findings(1));

    expect(
      server.requests.every((request) => request.headers['x-splunk-request-channel'] === channel),
    ).toBe(true);
  });

  it('waits while acknowledgements are late', async () => {
    server.holdAcks();
    const output = createOutput({ ack: true, ackPollIntervalMs: 20, ackTimeoutMs: 5000 });

    const sending = output.send(findings(1));
    await new Promise((resolve) => setTimeout(resolve, 150));
    const queriesWhileHeld = server.ackQueries.length;
    server.releaseAcks();

    await expect(sending).resolves.toEqual({ failed: [] });
    expect(queriesWhileHeld).toBeGreaterThanOrEqual(2);
  });

  it('fails retryably when no acknowledgement comes in time', async () => {
    server.holdAcks();

    const error = await createOutput({ ack: true, ackPollIntervalMs: 20, ackTimeoutMs: 100 })
      .send(findings(1))
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({
      retryable: true,
      message: 'Splunk did not acknowledge ackId 0 within 100 ms',
    });
  });

  it('rejects a token without acknowledgement', async () => {
    await server.close();
    await start({ ack: false });

    const error = await createOutput({ ack: true, ackPollIntervalMs: 20 })
      .send(findings(1))
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({
      retryable: false,
      message:
        'Splunk accepted the batch but sent no ackId; turn on indexer acknowledgement for the HEC token or set ack: false',
    });
  });

  it('names the fix when the token needs a channel', async () => {
    const error = await createOutput()
      .send(findings(1))
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({
      retryable: false,
      message:
        'Splunk HEC HTTP 400 code 10: Data channel is missing (a channel is required because the token has indexer acknowledgement on; set ack: true)',
    });
  });

  it('fails waiting batches retryably on close', async () => {
    server.holdAcks();
    const output = createOutput({ ack: true, ackPollIntervalMs: 20 });

    const sending = output.send(findings(1)).catch((caught: unknown) => caught);
    // The first ack query shows that the batch is waiting for its acknowledgement.
    while (server.ackQueries.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await output.close();

    expect(await sending).toMatchObject({
      retryable: true,
      message: 'output closed before Splunk acknowledged the request',
    });
  });
});

describe('SplunkHecOutput failures through an OutputChannel', () => {
  function createChannel(
    output: SplunkHecOutput,
    retry: { initialDelayMs: number; maxDelayMs: number; maxAttempts: number },
  ): {
    deadLetter: MemoryDeadLetter;
    registry: Registry;
    deliver(finding: Finding): Promise<DeliveryOutcome>;
  } {
    const deadLetter = new MemoryDeadLetter();
    const registry = new Registry();
    const channel = new OutputChannel({
      adapter: output,
      deadLetter,
      registry,
      logger: captureLogger().logger,
      lingerMs: 0,
      retry,
      // Close to 1, so each backoff is close to its ceiling and a test can measure it.
      random: () => 0.999,
    });
    stopAfterTest(channel);
    const deliver = (finding: Finding): Promise<DeliveryOutcome> =>
      new Promise((resolve) => channel.enqueue(finding, resolve));
    return { deadLetter, registry, deliver };
  }

  it('retries a busy server with growing backoff, then delivers', async () => {
    await start();
    server.busyNext(2);
    const { deliver, registry } = createChannel(createOutput(), {
      initialDelayMs: 100,
      maxDelayMs: 1000,
      maxAttempts: 5,
    });

    const outcome = await deliver(sampleFinding('Terminal shell in container', 'f-busy'));

    expect(outcome).toBe('delivered');
    const times = server.requests.map((request) => request.receivedAt);
    expect(times).toHaveLength(3);
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(90);
    expect(times[2] - times[1]).toBeGreaterThanOrEqual(190);
    expect(server.events).toHaveLength(1);
    expect(await metricValue(registry, 'talaria_output_retries_total', { output: 'splunk' })).toBe(
      2,
    );
  });

  it('honours Retry-After from a busy server', async () => {
    await start();
    server.busyNext(1, 1);
    // Without Retry-After the retry would wait about 60 s and the test would time out.
    const { deliver } = createChannel(createOutput(), {
      initialDelayMs: 60_000,
      maxDelayMs: 60_000,
      maxAttempts: 3,
    });

    const outcome = await deliver(sampleFinding('Terminal shell in container'));

    expect(outcome).toBe('delivered');
    const waitedMs = server.requests[1].receivedAt - server.requests[0].receivedAt;
    expect(waitedMs).toBeGreaterThanOrEqual(950);
    expect(waitedMs).toBeLessThan(5000);
  }, 10_000);

  it('dead-letters after the busy replies outlast the attempts', async () => {
    await start();
    server.busyNext(3);
    const { deliver, deadLetter } = createChannel(createOutput(), {
      initialDelayMs: 1,
      maxDelayMs: 5,
      maxAttempts: 3,
    });

    const outcome = await deliver(sampleFinding('Terminal shell in container', 'f-dead'));

    expect(outcome).toBe('dead_lettered');
    expect(deadLetter.records[0]).toMatchObject({
      output: 'splunk',
      reason: 'retries_exhausted',
      attempts: 3,
      lastError: 'Splunk HEC HTTP 503 code 9: Server is busy',
    });
    expect(deadLetter.records[0].finding.id).toBe('f-dead');
  });

  it('dead-letters an invalid token after one attempt', async () => {
    await start();
    const { deliver, deadLetter, registry } = createChannel(createOutput({ token: 'revoked' }), {
      initialDelayMs: 1,
      maxDelayMs: 5,
      maxAttempts: 5,
    });

    const outcome = await deliver(sampleFinding('Terminal shell in container'));

    expect(outcome).toBe('dead_lettered');
    expect(server.requests).toHaveLength(1);
    expect(deadLetter.records[0]).toMatchObject({ reason: 'not_retryable', attempts: 1 });
    expect(
      await metricValue(registry, 'talaria_output_dead_lettered_total', {
        output: 'splunk',
        reason: 'not_retryable',
      }),
    ).toBe(1);
  });

  it('sends a batch again when its acknowledgement never came', async () => {
    await start({ ack: true });
    server.holdAcks();
    const output = createOutput({ ack: true, ackPollIntervalMs: 20, ackTimeoutMs: 60 });
    const { deliver } = createChannel(output, { initialDelayMs: 1, maxDelayMs: 5, maxAttempts: 3 });
    // The first request's acknowledgement is withheld until it times out; the retry is acknowledged.
    setTimeout(() => server.releaseAcks(), 150);

    const outcome = await deliver(sampleFinding('Terminal shell in container', 'f-ack'));

    expect(outcome).toBe('delivered');
    const eventRequests = server.requests.filter(
      (request) => request.path === '/services/collector/event',
    );
    expect(eventRequests.length).toBeGreaterThanOrEqual(2);
    expect(
      server.events.every((event) => (event.value.event as { id: string }).id === 'f-ack'),
    ).toBe(true);
  });
});
