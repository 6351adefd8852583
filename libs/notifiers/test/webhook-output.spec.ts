import { startRecordingServer, type RecordingServer } from '@talaria/testing';
import { Registry } from 'prom-client';

import { WebhookOutput, type WebhookOutputOptions } from '../src/adapters/webhook/webhook-output';
import { verifyWebhookSignature } from '../src/adapters/webhook/webhook-signature';
import { DeliveryError } from '../src/delivery/delivery-error';
import { OutputChannel, type DeliveryOutcome } from '../src/delivery/output-channel';
import { captureLogger } from './support/capture-logger';
import { makeFinding } from './support/findings';
import { MemoryDeadLetter } from './support/memory-dead-letter';
import { stopAfterTest } from './support/stop-after-test';

let server: RecordingServer;
const outputs: WebhookOutput[] = [];

beforeEach(async () => {
  server = await startRecordingServer();
});

afterEach(async () => {
  await Promise.all(outputs.splice(0).map((output) => output.close()));
  await server.close();
});

function createOutput(options: Partial<WebhookOutputOptions> = {}): WebhookOutput {
  const output = new WebhookOutput({ name: 'siem', url: `${server.url}/hook`, ...options });
  outputs.push(output);
  return output;
}

describe('WebhookOutput requests', () => {
  it('posts one finding as JSON', async () => {
    const output = createOutput({ headers: { 'X-Source': 'talaria-test' } });
    const finding = makeFinding();

    const result = await output.send([finding]);

    expect(result).toEqual({ failed: [] });
    const [request] = server.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/hook');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-source']).toBe('talaria-test');
    expect(request.headers['x-talaria-signature']).toBeUndefined();
    expect((request.json() as { id: string }).id).toBe(finding.id);
    expect(request.body).toContain('"evt.time":1735787045123456789');
  });

  it('posts a batch as a JSON array', async () => {
    const output = createOutput({ payload: 'array', method: 'PUT' });
    const findings = [makeFinding(), makeFinding(), makeFinding()];

    await output.send(findings);

    expect(output.maxBatchSize).toBe(100);
    expect(server.requests[0].method).toBe('PUT');
    const ids = (server.requests[0].json() as Array<{ id: string }>).map((item) => item.id);
    expect(ids).toEqual(findings.map((finding) => finding.id));
  });

  it('sends one finding per request by default', () => {
    expect(createOutput().maxBatchSize).toBe(1);
  });

  it('signs requests that the receiver can verify', async () => {
    const output = createOutput({ signingSecret: 'shared-test-key' });

    await output.send([makeFinding()]);

    const [request] = server.requests;
    expect(request.headers['x-talaria-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    const check = verifyWebhookSignature({
      secret: 'shared-test-key',
      body: request.rawBody,
      timestamp: request.headers['x-talaria-timestamp'],
      signature: request.headers['x-talaria-signature'],
    });
    expect(check).toEqual({ valid: true });
    const forged = verifyWebhookSignature({
      secret: 'wrong-key',
      body: request.rawBody,
      timestamp: request.headers['x-talaria-timestamp'],
      signature: request.headers['x-talaria-signature'],
    });
    expect(forged.valid).toBe(false);
  });

  it('reuses the connection', async () => {
    const output = createOutput();

    await output.send([makeFinding()]);
    await output.send([makeFinding()]);

    expect(server.requests[1].remotePort).toBe(server.requests[0].remotePort);
  });
});

describe('WebhookOutput failures', () => {
  it('marks 503 retryable with Retry-After', async () => {
    server.respondNext({ status: 503, headers: { 'Retry-After': '1' } });
    const finding = makeFinding();

    const result = await createOutput().send([finding]);

    expect(result).toEqual({
      failed: [{ finding, reason: 'HTTP 503', retryable: true }],
      retryAfterMs: 1000,
      rateLimited: false,
    });
  });

  it('marks 429 retryable and rate limited', async () => {
    server.respondNext({ status: 429, body: 'rate limited' });

    const result = await createOutput().send([makeFinding()]);

    expect(result.failed[0]).toMatchObject({ retryable: true, reason: 'HTTP 429: rate limited' });
    expect(result.rateLimited).toBe(true);
  });

  it('rejects 400 with a body excerpt', async () => {
    server.respondNext({ status: 400, body: { error: 'unknown field: priority' } });

    const result = await createOutput().send([makeFinding()]);

    expect(result.failed[0]).toMatchObject({
      retryable: false,
      reason: 'HTTP 400: {"error":"unknown field: priority"}',
    });
  });

  it('times out a slow server', async () => {
    server.respondNext({ status: 200, delayMs: 5000 });

    const sending = createOutput({ timeoutMs: 50 }).send([makeFinding()]);

    await expect(sending).rejects.toBeInstanceOf(DeliveryError);
    await expect(sending).rejects.toMatchObject({
      retryable: true,
      message: 'request timed out after 50 ms',
    });
  });

  it('retries a closed connection', async () => {
    server.respondNext({ closeSocket: true });

    const sending = createOutput().send([makeFinding()]);

    await expect(sending).rejects.toMatchObject({
      retryable: true,
      message: expect.stringMatching(/^request failed: /),
    });
  });

  it('retries a refused connection', async () => {
    const stopped = await startRecordingServer();
    const url = `${stopped.url}/hook`;
    await stopped.close();

    const sending = createOutput({ url }).send([makeFinding()]);

    await expect(sending).rejects.toMatchObject({
      retryable: true,
      message: expect.stringContaining('ECONNREFUSED'),
    });
  });
});

describe('WebhookOutput through an OutputChannel', () => {
  function createChannel(output: WebhookOutput): {
    channel: OutputChannel;
    deadLetter: MemoryDeadLetter;
    deliver(): Promise<DeliveryOutcome>;
  } {
    const deadLetter = new MemoryDeadLetter();
    const channel = new OutputChannel({
      adapter: output,
      deadLetter,
      registry: new Registry(),
      logger: captureLogger().logger,
      lingerMs: 0,
      retry: { initialDelayMs: 1, maxDelayMs: 5, maxAttempts: 5 },
    });
    stopAfterTest(channel);
    const deliver = (): Promise<DeliveryOutcome> =>
      new Promise((resolve) => channel.enqueue(makeFinding(), resolve));
    return { channel, deadLetter, deliver };
  }

  it('retries then delivers', async () => {
    server.respondNext({ status: 503 }, 2);
    const { deliver } = createChannel(createOutput());

    const outcome = await deliver();

    expect(outcome).toBe('delivered');
    expect(server.requests).toHaveLength(3);
    const ids = server.requests.map((request) => (request.json() as { id: string }).id);
    expect(new Set(ids).size).toBe(1);
  });

  it('dead-letters a 400 after one attempt', async () => {
    server.respondNext({ status: 400, body: 'missing rule' });
    const { deliver, deadLetter } = createChannel(createOutput());

    const outcome = await deliver();

    expect(outcome).toBe('dead_lettered');
    expect(server.requests).toHaveLength(1);
    expect(deadLetter.records[0]).toMatchObject({
      output: 'siem',
      reason: 'not_retryable',
      attempts: 1,
      lastError: 'HTTP 400: missing rule',
    });
  });

  it('dead-letters after repeated timeouts', async () => {
    server.setDefaultResponse({ status: 200, delayMs: 5000 });
    const { deliver, deadLetter } = createChannel(createOutput({ timeoutMs: 20 }));

    const outcome = await deliver();

    expect(outcome).toBe('dead_lettered');
    expect(server.requests).toHaveLength(5);
    expect(deadLetter.records[0]).toMatchObject({
      reason: 'retries_exhausted',
      attempts: 5,
      lastError: 'request timed out after 20 ms',
    });
  });
});

describe('WebhookOutput Retry-After under a fake clock', () => {
  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick', 'setImmediate'] });
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  /** Lets real network I/O run while the fake clock is paused. */
  async function waitForRequestCount(count: number): Promise<void> {
    for (let turn = 0; turn < 100_000 && server.requests.length < count; turn += 1) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(server.requests).toHaveLength(count);
  }

  it('waits the requested time before retrying', async () => {
    server.respondNext({ status: 503, headers: { 'Retry-After': '2' } });
    const channel = new OutputChannel({
      adapter: createOutput(),
      deadLetter: new MemoryDeadLetter(),
      registry: new Registry(),
      logger: captureLogger().logger,
      lingerMs: 0,
      retry: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
    });
    const settled = jest.fn();
    channel.enqueue(makeFinding(), settled);

    await jest.advanceTimersByTimeAsync(0);
    await waitForRequestCount(1);
    await jest.advanceTimersByTimeAsync(1999);
    expect(server.requests).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    await waitForRequestCount(2);
    for (let turn = 0; turn < 1000 && settled.mock.calls.length === 0; turn += 1) {
      await new Promise((resolve) => setImmediate(resolve));
    }

    expect(settled).toHaveBeenCalledWith('delivered');
  });
});
