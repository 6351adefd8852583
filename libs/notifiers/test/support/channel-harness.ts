import type { Finding } from '@talaria/falco-event';
import { Registry } from 'prom-client';

import { OutputChannel, type DeliveryOutcome } from '../../src/delivery/output-channel';
import type { DeliveryOverrides } from '../../src/delivery/delivery-options';
import type { OutputAdapter } from '../../src/output';
import { captureLogger } from './capture-logger';
import { MemoryDeadLetter } from './memory-dead-letter';
import { metricValue } from './metrics';
import { stopAfterTest } from './stop-after-test';

export interface ChannelHarness {
  channel: OutputChannel;
  deadLetter: MemoryDeadLetter;
  registry: Registry;
  logLines: Array<Record<string, unknown>>;
  /** Enqueues a finding and resolves with its outcome once it settled. */
  deliver(finding: Finding): Promise<DeliveryOutcome>;
  /** Reads one of the engine's counters for this output. */
  counter(name: string, labels?: Record<string, string>): Promise<number>;
}

/**
 * Wraps a real adapter in a real OutputChannel with an in-memory dead letter,
 * so failure-injection tests see the engine's retries, backoff and dead
 * letters exactly as the forwarder would. Retries default to short delays.
 */
export function channelHarness(
  adapter: OutputAdapter,
  overrides: DeliveryOverrides & { random?: () => number } = {},
): ChannelHarness {
  const deadLetter = new MemoryDeadLetter();
  const registry = new Registry();
  const { logger, lines } = captureLogger();
  const channel = new OutputChannel({
    adapter,
    deadLetter,
    registry,
    logger,
    lingerMs: 0,
    ...overrides,
    retry: { initialDelayMs: 1, maxDelayMs: 5, maxAttempts: 5, ...overrides.retry },
  });
  stopAfterTest(channel);

  return {
    channel,
    deadLetter,
    registry,
    logLines: lines,
    deliver: (finding) => new Promise((resolve) => channel.enqueue(finding, resolve)),
    counter: (name, labels = {}) =>
      metricValue(registry, name, { output: adapter.name, ...labels }),
  };
}

/** Returns the gaps in ms between consecutive timestamps. */
export function gapsBetween(timestamps: readonly number[]): number[] {
  return timestamps.slice(1).map((time, index) => time - timestamps[index]);
}
