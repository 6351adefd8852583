import type { Finding } from '@talaria/falco-event';
import { Registry } from 'prom-client';

import { captureLogger } from '../../test/support/capture-logger';
import { makeFinding } from '../../test/support/findings';
import { MemoryDeadLetter } from '../../test/support/memory-dead-letter';
import { metricValue } from '../../test/support/metrics';
import { ScriptedAdapter, failAll, type SendHandler } from '../../test/support/scripted-adapter';
import type { SendResult } from '../output';
import { DeliveryError } from './delivery-error';
import { FAILING_DRAIN_MS } from './delivery-options';
import {
  OutputChannel,
  type DeliveryOutcome,
  type DrainReport,
  type OutputChannelOptions,
} from './output-channel';

interface Harness {
  channel: OutputChannel;
  adapter: ScriptedAdapter;
  deadLetter: MemoryDeadLetter;
  registry: Registry;
  lines: Array<Record<string, unknown>>;
  rawLines: string[];
  outcomes: Map<string, DeliveryOutcome[]>;
  enqueue(count: number): Finding[];
}

function createHarness(
  options: Partial<OutputChannelOptions> & { maxBatchSize?: number; handler?: SendHandler } = {},
): Harness {
  const registry = new Registry();
  const adapter = new ScriptedAdapter('siem', options.maxBatchSize ?? 10, options.handler);
  const deadLetter = new MemoryDeadLetter();
  const { logger, lines, rawLines } = captureLogger();
  const channel = new OutputChannel({
    lingerMs: 10,
    retry: { initialDelayMs: 100, maxDelayMs: 1000, maxAttempts: 3 },
    // A draw just below 1 makes every jittered delay equal its ceiling.
    random: () => 0.999999999,
    ...options,
    adapter,
    deadLetter,
    registry,
    logger,
  });

  const outcomes = new Map<string, DeliveryOutcome[]>();
  const enqueue = (count: number): Finding[] =>
    Array.from({ length: count }, () => {
      const finding = makeFinding();
      outcomes.set(finding.id, []);
      channel.enqueue(finding, (outcome) => outcomes.get(finding.id)?.push(outcome));
      return finding;
    });
  return { channel, adapter, deadLetter, registry, lines, rawLines, outcomes, enqueue };
}

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

const advance = (ms: number): Promise<void> => jest.advanceTimersByTimeAsync(ms);

beforeEach(() => {
  jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick', 'setImmediate'] });
});

afterEach(() => {
  jest.useRealTimers();
});

describe('OutputChannel batching', () => {
  it('delivers a batch and settles once', async () => {
    const harness = createHarness();
    const findings = harness.enqueue(3);

    await advance(10);

    expect(harness.adapter.calls).toEqual([findings]);
    for (const finding of findings) expect(harness.outcomes.get(finding.id)).toEqual(['delivered']);
    expect(
      await metricValue(harness.registry, 'talaria_output_delivered_total', { output: 'siem' }),
    ).toBe(3);
    expect(
      await metricValue(harness.registry, 'talaria_output_queue_depth', { output: 'siem' }),
    ).toBe(0);
    expect(
      await metricValue(
        harness.registry,
        'talaria_output_send_duration_seconds',
        { output: 'siem' },
        'talaria_output_send_duration_seconds_count',
      ),
    ).toBe(1);
  });

  it('waits for the linger time', async () => {
    const harness = createHarness({ lingerMs: 50 });
    harness.enqueue(1);

    await advance(49);
    expect(harness.adapter.calls).toHaveLength(0);
    await advance(1);

    expect(harness.adapter.calls).toHaveLength(1);
  });

  it.each([
    { case: "the adapter's default", configured: undefined, expectedMs: 5 },
    { case: 'the configured value over the default', configured: 50, expectedMs: 50 },
  ])('lingers for $case', async ({ configured, expectedMs }) => {
    const adapter = new ScriptedAdapter('archive', 10);
    adapter.defaultLingerMs = 5;
    const channel = new OutputChannel({
      adapter,
      deadLetter: new MemoryDeadLetter(),
      registry: new Registry(),
      logger: captureLogger().logger,
      lingerMs: configured,
    });
    channel.enqueue(makeFinding(), () => undefined);

    await advance(expectedMs - 1);
    expect(adapter.calls).toHaveLength(0);
    await advance(1);

    expect(adapter.calls).toHaveLength(1);
  });

  it('sends a full batch without lingering', async () => {
    const harness = createHarness({ maxBatchSize: 2, lingerMs: 10_000 });
    harness.enqueue(2);

    await advance(0);

    expect(harness.adapter.calls).toHaveLength(1);
  });

  it('splits into batches of the adapter maximum', async () => {
    const harness = createHarness({ maxBatchSize: 2, batchSize: 50 });
    const findings = harness.enqueue(5);

    await advance(10);

    expect(harness.adapter.calls).toEqual([
      findings.slice(0, 2),
      findings.slice(2, 4),
      findings.slice(4),
    ]);
  });

  it('keeps two batches in flight with concurrency 2', async () => {
    const pending = deferred<SendResult>();
    const harness = createHarness({
      maxBatchSize: 2,
      concurrency: 2,
      handler: () => pending.promise,
    });
    harness.enqueue(6);

    await advance(10);
    expect(harness.adapter.calls).toHaveLength(2);
    pending.resolve({ failed: [] });
    await advance(0);

    expect(harness.adapter.calls).toHaveLength(3);
  });

  it('keeps one batch in flight by default', async () => {
    const harness = createHarness({ maxBatchSize: 2, handler: () => new Promise(() => undefined) });
    harness.enqueue(6);

    await advance(100);

    expect(harness.adapter.calls).toHaveLength(1);
    expect(harness.channel.queueDepth).toBe(4);
  });
});

describe('OutputChannel queue limit', () => {
  it('dead-letters at once when the queue is full', async () => {
    const harness = createHarness({ maxQueue: 2, lingerMs: 1000 });
    const [first, second, third] = harness.enqueue(3);

    await advance(0);

    expect(harness.outcomes.get(third.id)).toEqual(['dead_lettered']);
    expect(harness.outcomes.get(first.id)).toEqual([]);
    expect(harness.outcomes.get(second.id)).toEqual([]);
    expect(harness.deadLetter.records).toHaveLength(1);
    expect(harness.deadLetter.records[0]).toMatchObject({
      output: 'siem',
      reason: 'queue_full',
      attempts: 0,
      lastError: 'queue full (2 findings)',
      finding: third,
    });
    expect(
      await metricValue(harness.registry, 'talaria_output_dead_lettered_total', {
        output: 'siem',
        reason: 'queue_full',
      }),
    ).toBe(1);
  });

  it('shares one write for a burst of overflow', async () => {
    const harness = createHarness({ maxQueue: 1, lingerMs: 1000 });
    const writes = jest.spyOn(harness.deadLetter, 'write');
    harness.enqueue(5);

    await advance(0);

    expect(writes).toHaveBeenCalledTimes(1);
    expect(harness.deadLetter.records).toHaveLength(4);
  });
});

describe('OutputChannel backlog signal', () => {
  it('reports a healthy output with a nearly full queue as backlogged', async () => {
    const harness = createHarness({ maxQueue: 10, lingerMs: 1000 });

    harness.enqueue(8);
    await advance(0);
    expect(harness.channel.backlogged).toBe(false);

    harness.enqueue(1);
    await advance(0);
    expect(harness.channel.backlogged).toBe(true);
  });

  it('never reports an output with an open circuit as backlogged', async () => {
    const harness = createHarness({
      maxQueue: 10,
      retry: { initialDelayMs: 100, maxDelayMs: 1000, maxAttempts: 10 },
      circuit: { failureThreshold: 1, cooldownMs: 10_000 },
      handler: (batch) => failAll(batch, true, 'HTTP 503'),
    });

    harness.enqueue(1);
    await advance(10);
    harness.enqueue(9);
    await advance(0);

    expect(harness.channel.circuitState).toBe('open');
    expect(harness.channel.queueDepth).toBeGreaterThanOrEqual(9);
    expect(harness.channel.backlogged).toBe(false);
  });

  it('reports held findings only while failing', async () => {
    const harness = createHarness({
      maxQueue: 10,
      retry: { initialDelayMs: 100, maxDelayMs: 1000, maxAttempts: 10 },
      circuit: { failureThreshold: 1, cooldownMs: 10_000 },
      handler: (batch) => failAll(batch, true, 'HTTP 503'),
    });

    harness.enqueue(3);
    expect(harness.channel.unsettledWhileFailing).toBe(0);

    await advance(10);
    expect(harness.channel.circuitState).toBe('open');
    expect(harness.channel.unsettledWhileFailing).toBe(3);
  });
});

describe('OutputChannel while its output is down', () => {
  it('dead-letters findings that waited past circuit.maxWaitMs', async () => {
    const harness = createHarness({
      maxQueue: 100,
      retry: { initialDelayMs: 100, maxDelayMs: 1000, maxAttempts: 10 },
      circuit: { failureThreshold: 1, cooldownMs: 60_000, maxWaitMs: 4000 },
      handler: (batch) => failAll(batch, true, 'HTTP 503'),
    });

    harness.enqueue(1);
    await advance(10);
    expect(harness.channel.circuitState).toBe('open');

    harness.enqueue(5);
    await advance(3000);
    expect(harness.deadLetter.records).toHaveLength(0);

    await advance(2000);
    const reasons = harness.deadLetter.records.map((record) => record.reason);
    expect(reasons).toEqual(Array(5).fill('output_down'));
    expect(harness.channel.queueDepth).toBe(0);
    // The batch already taken keeps retrying until its circuit allows a trial.
    expect(harness.channel.unsettledCount).toBe(1);
  });

  it('keeps findings while the circuit is closed', async () => {
    const harness = createHarness({
      maxQueue: 100,
      lingerMs: 60_000,
      circuit: { failureThreshold: 1, cooldownMs: 60_000, maxWaitMs: 1000 },
    });

    harness.enqueue(3);
    await advance(5000);

    expect(harness.channel.circuitState).toBe('closed');
    expect(harness.deadLetter.records).toHaveLength(0);
  });
});

describe('OutputChannel retries', () => {
  it('retries only the failed items', async () => {
    const harness = createHarness({
      handler: (batch, call) =>
        call === 1
          ? { failed: [{ finding: batch[1], reason: 'throttled', retryable: true }] }
          : { failed: [] },
    });
    const findings = harness.enqueue(3);

    await advance(10);
    expect(harness.outcomes.get(findings[0].id)).toEqual(['delivered']);
    expect(harness.outcomes.get(findings[1].id)).toEqual([]);
    await advance(100);

    expect(harness.adapter.calls[1]).toEqual([findings[1]]);
    expect(harness.outcomes.get(findings[1].id)).toEqual(['delivered']);
    expect(
      await metricValue(harness.registry, 'talaria_output_retries_total', { output: 'siem' }),
    ).toBe(1);
    expect(
      await metricValue(harness.registry, 'talaria_output_failed_total', {
        output: 'siem',
        reason: 'retryable',
      }),
    ).toBe(1);
  });

  it('dead-letters non-retryable failures without retry', async () => {
    const harness = createHarness({
      handler: (batch) => ({
        failed: [{ finding: batch[0], reason: 'HTTP 400: bad', retryable: false }],
      }),
    });
    const [rejected, accepted] = harness.enqueue(2);

    await advance(5000);

    expect(harness.adapter.calls).toHaveLength(1);
    expect(harness.outcomes.get(rejected.id)).toEqual(['dead_lettered']);
    expect(harness.outcomes.get(accepted.id)).toEqual(['delivered']);
    expect(harness.deadLetter.records[0]).toMatchObject({
      reason: 'not_retryable',
      attempts: 1,
      lastError: 'HTTP 400: bad',
    });
  });

  it('records the newest rejection error', async () => {
    const harness = createHarness({
      handler: (batch, call) =>
        call === 1 ? failAll(batch, true, 'HTTP 503') : failAll(batch, false, 'HTTP 400'),
    });
    harness.enqueue(1);

    await advance(10 + 100);

    expect(harness.deadLetter.records[0]).toMatchObject({
      reason: 'not_retryable',
      lastError: 'HTTP 400',
    });
  });

  it('dead-letters after the last attempt', async () => {
    const harness = createHarness({
      handler: () => {
        throw new Error('connection refused');
      },
    });
    const [finding] = harness.enqueue(1);

    await advance(10 + 100);
    expect(harness.adapter.calls).toHaveLength(2);
    await advance(199);
    expect(harness.adapter.calls).toHaveLength(2);
    await advance(1);

    expect(harness.adapter.calls).toHaveLength(3);
    expect(harness.outcomes.get(finding.id)).toEqual(['dead_lettered']);
    expect(harness.deadLetter.records[0]).toMatchObject({
      reason: 'retries_exhausted',
      attempts: 3,
      lastError: 'connection refused',
    });
  });

  it('honours retryAfterMs from a result', async () => {
    const harness = createHarness({
      handler: (batch, call) =>
        call === 1 ? failAll(batch, true, 'HTTP 429', 5000) : { failed: [] },
    });
    harness.enqueue(1);

    await advance(10 + 4999);
    expect(harness.adapter.calls).toHaveLength(1);
    await advance(1);

    expect(harness.adapter.calls).toHaveLength(2);
  });

  it('honours retryAfterMs from a thrown DeliveryError', async () => {
    const harness = createHarness({
      handler: (_batch, call) => {
        if (call === 1)
          throw new DeliveryError('HTTP 503', { retryable: true, retryAfterMs: 3000 });
        return { failed: [] };
      },
    });
    harness.enqueue(1);

    await advance(10 + 2999);
    expect(harness.adapter.calls).toHaveLength(1);
    await advance(1);

    expect(harness.adapter.calls).toHaveLength(2);
  });

  it('rate-limits repeated failure logs', async () => {
    const harness = createHarness({
      logIntervalMs: 10_000,
      retry: { initialDelayMs: 100, maxDelayMs: 100, maxAttempts: 1000 },
      circuit: { failureThreshold: 1000 },
      handler: (batch) => failAll(batch, true, 'HTTP 503'),
    });
    harness.enqueue(1);
    const retryLines = (): Array<Record<string, unknown>> =>
      harness.lines.filter((line) => line.msg === 'send to output failed; retrying');

    await advance(5000);
    expect(harness.adapter.calls.length).toBeGreaterThan(40);
    expect(retryLines()).toHaveLength(1);
    await advance(5100);

    expect(retryLines()).toHaveLength(2);
    expect(retryLines()[1].suppressedSinceLastLog).toBeGreaterThan(40);
    expect(retryLines()[0]).toMatchObject({ output: 'siem', err: 'HTTP 503', findingCount: 1 });
  });

  it('logs the findings of held-back lines', async () => {
    const harness = createHarness({
      logIntervalMs: 10_000,
      maxBatchSize: 2,
      handler: (batch) => failAll(batch, false, 'HTTP 400'),
    });
    const deadLetterLines = (): Array<Record<string, unknown>> =>
      harness.lines.filter((line) => line.msg === 'findings dead-lettered');

    harness.enqueue(7);
    await advance(100);
    expect(deadLetterLines()).toHaveLength(1);
    await advance(10_000);

    const lines = deadLetterLines();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ heldBackByLogThrottle: true, suppressedSinceLastLog: 3 });
    expect(lines.reduce((sum, line) => sum + Number(line.findingCount), 0)).toBe(7);
  });

  it('logs held-back lines when the drain ends', async () => {
    const harness = createHarness({
      logIntervalMs: 60_000,
      maxBatchSize: 2,
      handler: (batch) => failAll(batch, false, 'HTTP 400'),
    });
    harness.enqueue(5);
    await advance(100);

    const draining = harness.channel.drain(Date.now() + 1000);
    await advance(0);
    await draining;

    const lines = harness.lines.filter((line) => line.msg === 'findings dead-lettered');
    expect(lines.reduce((sum, line) => sum + Number(line.findingCount), 0)).toBe(5);
  });
});

function rateLimitAll(batch: Finding[], retryAfterMs?: number): SendResult {
  return { ...failAll(batch, true, 'HTTP 429', retryAfterMs), rateLimited: true };
}

describe('OutputChannel rate limits', () => {
  it('pauses every batch until Retry-After', async () => {
    const harness = createHarness({
      maxBatchSize: 1,
      concurrency: 2,
      handler: (batch, call) => (call === 1 ? rateLimitAll(batch, 2000) : { failed: [] }),
    });
    const [limited, delivered] = harness.enqueue(2);
    await advance(10);
    expect(harness.adapter.calls).toEqual([[limited], [delivered]]);

    const [later] = harness.enqueue(1);
    await advance(1989);
    expect(harness.adapter.calls).toHaveLength(2);
    await advance(1);
    await advance(10);

    expect(harness.adapter.calls.slice(2).flat()).toEqual(expect.arrayContaining([limited, later]));
    expect(harness.outcomes.get(limited.id)).toEqual(['delivered']);
    expect(harness.outcomes.get(later.id)).toEqual(['delivered']);
  });

  it('keeps circuit and retries while sends land', async () => {
    let calls = 0;
    const harness = createHarness({
      retry: { initialDelayMs: 100, maxDelayMs: 1000, maxAttempts: 3 },
      circuit: { failureThreshold: 2, cooldownMs: 10_000 },
      handler: (batch) => {
        calls += 1;
        return calls % 5 === 0 ? { failed: [] } : rateLimitAll(batch, 100);
      },
    });
    const [first] = harness.enqueue(1);

    await advance(10 + 4 * 100);

    expect(harness.adapter.calls).toHaveLength(5);
    expect(harness.outcomes.get(first.id)).toEqual(['delivered']);
    expect(harness.channel.circuitState).toBe('closed');
    expect(harness.deadLetter.records).toHaveLength(0);
    expect(
      await metricValue(harness.registry, 'talaria_output_destination_rate_limited_total', {
        output: 'siem',
      }),
    ).toBe(4);
    expect(
      await metricValue(harness.registry, 'talaria_output_failed_total', {
        output: 'siem',
        reason: 'rate_limited',
      }),
    ).toBe(4);
  });

  it('keeps retries beside delivered findings', async () => {
    const harness = createHarness({
      retry: { initialDelayMs: 100, maxDelayMs: 100, maxAttempts: 1 },
      // The first send delivers the first finding and rejects the second for a rate limit.
      handler: (batch, call) => (call === 1 ? rateLimitAll(batch.slice(1), 100) : { failed: [] }),
    });
    const [first, second] = harness.enqueue(2);

    await advance(10 + 100);

    expect(harness.outcomes.get(first.id)).toEqual(['delivered']);
    expect(harness.outcomes.get(second.id)).toEqual(['delivered']);
    expect(harness.deadLetter.records).toHaveLength(0);
  });

  it('fails after rate limits outlast cooldown', async () => {
    const harness = createHarness({
      retry: { initialDelayMs: 100, maxDelayMs: 1000, maxAttempts: 100 },
      circuit: { failureThreshold: 2, cooldownMs: 1000 },
      handler: (batch) => rateLimitAll(batch, 100),
    });
    harness.enqueue(1);

    // The first rejection comes at 10 ms, so rejections from 1010 ms on count.
    await advance(10 + 900);
    expect(harness.channel.circuitState).toBe('closed');
    await advance(200);

    expect(harness.channel.circuitState).toBe('open');
  });

  it('waits initial delay without Retry-After', async () => {
    const harness = createHarness({
      random: () => 0,
      handler: (batch, call) => (call === 1 ? rateLimitAll(batch) : { failed: [] }),
    });
    harness.enqueue(1);

    await advance(10 + 99);
    expect(harness.adapter.calls).toHaveLength(1);
    await advance(1);

    expect(harness.adapter.calls).toHaveLength(2);
  });

  it('logs the pause distinctly', async () => {
    const harness = createHarness({
      handler: (batch, call) => (call === 1 ? rateLimitAll(batch, 3000) : { failed: [] }),
    });
    harness.enqueue(1);

    await advance(10);

    expect(
      harness.lines.find(
        (line) => line.msg === 'output is rate limited; every send of this output waits',
      ),
    ).toMatchObject({ retryInMs: 3000, circuit: 'closed', err: 'HTTP 429', findingCount: 1 });
  });
});

describe('OutputChannel circuit breaker', () => {
  it('opens after failures and holds the queue', async () => {
    let healthy = false;
    const harness = createHarness({
      retry: { initialDelayMs: 100, maxDelayMs: 1000, maxAttempts: 10 },
      circuit: { failureThreshold: 2, cooldownMs: 1000 },
      handler: (batch) => (healthy ? { failed: [] } : failAll(batch, true, 'HTTP 503')),
    });
    const [first] = harness.enqueue(1);

    // Attempts at 10 and 110 ms fail; the second opens the circuit until 1110 ms.
    await advance(110);
    expect(harness.channel.circuitState).toBe('open');
    expect(
      await metricValue(harness.registry, 'talaria_output_circuit_open', { output: 'siem' }),
    ).toBe(1);
    const [second] = harness.enqueue(1);
    await advance(999);
    expect(harness.adapter.calls).toHaveLength(2);
    expect(harness.channel.queueDepth).toBe(1);

    healthy = true;
    await advance(1);

    expect(harness.adapter.calls[2]).toEqual([first]);
    expect(harness.channel.circuitState).toBe('closed');
    expect(
      await metricValue(harness.registry, 'talaria_output_circuit_open', { output: 'siem' }),
    ).toBe(0);
    await advance(10);
    expect(harness.outcomes.get(first.id)).toEqual(['delivered']);
    expect(harness.outcomes.get(second.id)).toEqual(['delivered']);
  });

  it('logs wait until trial send', async () => {
    const harness = createHarness({
      retry: { initialDelayMs: 100, maxDelayMs: 1000, maxAttempts: 10 },
      circuit: { failureThreshold: 1, cooldownMs: 5000 },
      handler: (batch) => failAll(batch, true, 'HTTP 503'),
    });
    harness.enqueue(1);

    await advance(10);

    expect(
      harness.lines.find((line) => line.msg === 'send to output failed; retrying'),
    ).toMatchObject({ retryInMs: 5000, circuit: 'open' });
  });

  it('reopens when the trial fails', async () => {
    const harness = createHarness({
      retry: { initialDelayMs: 100, maxDelayMs: 1000, maxAttempts: 10 },
      circuit: { failureThreshold: 2, cooldownMs: 1000 },
      handler: (batch) => failAll(batch, true, 'HTTP 503'),
    });
    harness.enqueue(1);

    await advance(1110);
    expect(harness.adapter.calls).toHaveLength(3);
    expect(harness.channel.circuitState).toBe('open');
    await advance(999);
    expect(harness.adapter.calls).toHaveLength(3);
    await advance(1);

    expect(harness.adapter.calls).toHaveLength(4);
  });

  it('sends one trial batch when half-open', async () => {
    let healthy = false;
    const trial = deferred<SendResult>();
    const harness = createHarness({
      maxBatchSize: 1,
      concurrency: 4,
      retry: { initialDelayMs: 100, maxDelayMs: 100, maxAttempts: 10 },
      circuit: { failureThreshold: 1, cooldownMs: 1000 },
      handler: (batch) => (healthy ? trial.promise : failAll(batch, true, 'down')),
    });
    harness.enqueue(1);
    await advance(10);
    expect(harness.channel.circuitState).toBe('open');
    harness.enqueue(3);
    await advance(10);
    expect(harness.channel.queueDepth).toBe(3);

    healthy = true;
    await advance(990);

    expect(harness.adapter.calls).toHaveLength(2);
    trial.resolve({ failed: [] });
    await advance(10);
    expect(harness.adapter.calls).toHaveLength(5);
  });

  it('does not count rejected items as an outage', async () => {
    const harness = createHarness({
      maxBatchSize: 1,
      circuit: { failureThreshold: 1, cooldownMs: 1000 },
      handler: (batch) => failAll(batch, false, 'HTTP 400'),
    });
    harness.enqueue(3);

    await advance(100);

    expect(harness.channel.circuitState).toBe('closed');
    expect(harness.deadLetter.records).toHaveLength(3);
  });
});

describe('OutputChannel dead letter', () => {
  it('counts and logs a failed dead-letter write', async () => {
    const harness = createHarness({ handler: (batch) => failAll(batch, false, 'HTTP 400') });
    harness.deadLetter.failWrites = true;
    const [finding] = harness.enqueue(1);

    await advance(10);

    expect(harness.outcomes.get(finding.id)).toEqual(['dead_lettered']);
    expect(
      await metricValue(harness.registry, 'talaria_output_dead_letter_write_failures_total', {
        output: 'siem',
      }),
    ).toBe(1);
    const line = harness.lines.find(
      (entry) => entry.msg === 'writing dead-letter records failed; findings lost',
    );
    expect(line).toMatchObject({
      output: 'siem',
      err: 'disk full',
      findingIds: [finding.id],
      level: 'error',
    });
  });

  it('keeps going when onSettled throws', async () => {
    const harness = createHarness();
    harness.channel.enqueue(makeFinding(), () => {
      throw new Error('callback bug');
    });
    const [after] = harness.enqueue(1);

    await advance(10);

    expect(harness.outcomes.get(after.id)).toEqual(['delivered']);
    expect(
      harness.lines.some(
        (line) => line.msg === 'onSettled callback threw; the finding counts as settled',
      ),
    ).toBe(true);
  });
});

describe('OutputChannel drain', () => {
  it('flushes without lingering', async () => {
    const harness = createHarness({ lingerMs: 60_000 });
    harness.enqueue(3);

    const draining = harness.channel.drain(Date.now() + 1000);
    await advance(0);
    const report = await draining;

    expect(report).toEqual({
      output: 'siem',
      delivered: 3,
      deadLettered: 0,
      unsettled: 0,
      completed: true,
    });
  });

  it('logs the drain once per key', async () => {
    const harness = createHarness({ lingerMs: 60_000 });
    harness.enqueue(2);

    const draining = harness.channel.drain(Date.now() + 1000);
    await advance(0);
    await draining;

    const line = harness.rawLines.find((raw) => raw.includes('"msg":"output drained"')) ?? '';
    expect(line.match(/"output":/g)).toHaveLength(1);
    expect(JSON.parse(line)).toMatchObject({ output: 'siem', deliveredInFinalFlush: 2 });
  });

  it('leaves a stuck send unsettled at the deadline', async () => {
    const stuck = deferred<SendResult>();
    const harness = createHarness({ handler: () => stuck.promise });
    const findings = harness.enqueue(2);
    await advance(10);

    const draining = harness.channel.drain(Date.now() + 500);
    await advance(500);
    const report = await draining;
    stuck.resolve({ failed: [] });
    await advance(0);

    expect(report).toEqual({
      output: 'siem',
      delivered: 0,
      deadLettered: 0,
      unsettled: 2,
      completed: false,
    });
    for (const finding of findings) expect(harness.outcomes.get(finding.id)).toEqual([]);
    expect(
      await metricValue(harness.registry, 'talaria_output_delivered_total', { output: 'siem' }),
    ).toBe(2);
  });

  it('ends drain soon after circuit opens', async () => {
    const harness = createHarness({
      circuit: { failureThreshold: 1, cooldownMs: 60_000 },
      handler: (batch) => failAll(batch, true, 'HTTP 503'),
    });
    harness.enqueue(1);
    let report: DrainReport | undefined;

    void harness.channel.drain(Date.now() + 30_000).then((drained) => (report = drained));
    await advance(0);
    expect(harness.channel.circuitState).toBe('open');
    await advance(FAILING_DRAIN_MS);

    expect(report).toMatchObject({ unsettled: 1, completed: false });
  });

  it('stops waiting for a retry at the deadline', async () => {
    const harness = createHarness({
      retry: { initialDelayMs: 10_000, maxDelayMs: 10_000, maxAttempts: 5 },
      handler: (batch) => failAll(batch, true, 'HTTP 503'),
    });
    harness.enqueue(1);
    await advance(10);

    const draining = harness.channel.drain(Date.now() + 200);
    await advance(200);

    expect(await draining).toMatchObject({ unsettled: 1, completed: false });
    await advance(20_000);
    expect(harness.adapter.calls).toHaveLength(1);
  });

  it('keeps attempts of findings left unsettled', async () => {
    const harness = createHarness({
      concurrency: 1,
      maxBatchSize: 1,
      retry: { initialDelayMs: 10_000, maxDelayMs: 10_000, maxAttempts: 5 },
      handler: (batch) => failAll(batch, true, 'HTTP 503'),
    });
    const [tried, queued] = harness.enqueue(2);
    await advance(10);

    const draining = harness.channel.drain(Date.now() + 200);
    await advance(200);
    await draining;
    await advance(0);

    expect(harness.channel.deliveryAttemptsOf(tried)).toEqual({
      attempts: 1,
      lastError: 'HTTP 503',
    });
    expect(harness.channel.deliveryAttemptsOf(queued)).toBeUndefined();
  });

  it('rejects enqueue after drain', async () => {
    const harness = createHarness();
    await harness.channel.drain(Date.now() + 10);

    expect(() => harness.enqueue(1)).toThrow(
      'output "siem" is closed; enqueue findings before drain() so they settle or are replayed',
    );
  });

  it('rejects a duration as deadline', async () => {
    const harness = createHarness();

    await expect(harness.channel.drain(5000)).rejects.toThrow(
      'drain deadline must be an epoch time in ms such as Date.now() + 5000; got 5000',
    );
  });

  it('closes the adapter', async () => {
    const harness = createHarness();
    await harness.channel.drain(Date.now() + 10);

    await harness.channel.close();

    expect(harness.adapter.closed).toBe(true);
  });
});
