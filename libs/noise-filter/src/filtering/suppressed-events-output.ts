import type { Finding } from '@talaria/falco-event';
import {
  FileOutput,
  OutputChannel,
  type DeadLetterSink,
  type DrainReport,
} from '@talaria/notifiers';
import type { Logger } from '@talaria/telemetry';
import type { Registry } from 'prom-client';

import type { DeliveryChannel } from '../delivery-channel';
import { withNoiseMarks } from '../noise-finding';
import type { CompiledFilter } from './compiled-filter';
import { noiseFilterMetricsFor, type NoiseFilterMetrics } from './noise-filter-metrics';

/** Output name of the suppressed-events file in metrics, logs and dead-letter records. */
export const SUPPRESSED_EVENTS_OUTPUT = 'suppressed-events';

/** Receives every finding a filter suppressed. */
export interface SuppressedEventsSink {
  write(finding: Finding, filter: CompiledFilter): void;
  drain(deadlineMs: number): Promise<DrainReport>;
  close(): Promise<void>;
}

/**
 * Writes suppressed findings, marked with the filter's name and reason, to a
 * delivery channel. The channel retries and dead-letters like any output.
 * The pipeline does not wait for these writes, so a crash can lose the copy
 * of a finding suppressed just before it. The suppression is still counted.
 */
export class SuppressedEventsOutput implements SuppressedEventsSink {
  private readonly metrics: NoiseFilterMetrics;

  constructor(
    private readonly channel: DeliveryChannel,
    registry: Registry,
    private readonly logger: Logger,
  ) {
    this.metrics = noiseFilterMetricsFor(registry);
  }

  write(finding: Finding, filter: CompiledFilter): void {
    const marked = withNoiseMarks(finding, {
      suppressedBy: filter.name,
      suppressedReason: filter.reason,
    });
    try {
      this.channel.enqueue(marked, () => undefined);
    } catch (error) {
      // The channel rejects findings only once it was drained, at shutdown.
      this.metrics.suppressedOutputFailures.inc();
      this.logger.error(
        { err: error, findingId: finding.id, filter: filter.name },
        'writing a suppressed finding failed; the suppression is counted but the copy is lost',
      );
    }
  }

  drain(deadlineMs: number): Promise<DrainReport> {
    return this.channel.drain(deadlineMs);
  }

  close(): Promise<void> {
    return this.channel.close();
  }
}

export interface SuppressedEventsFileOptions {
  path: string;
  maxBytes?: number;
  maxFiles?: number;
  deadLetter: DeadLetterSink;
  registry: Registry;
  logger: Logger;
}

/** Creates a suppressed-events output that appends NDJSON to a size-rotated file. */
export function createSuppressedEventsFile(
  options: SuppressedEventsFileOptions,
): SuppressedEventsOutput {
  const adapter = new FileOutput({
    name: SUPPRESSED_EVENTS_OUTPUT,
    path: options.path,
    maxBytes: options.maxBytes,
    maxFiles: options.maxFiles,
  });
  const channel = new OutputChannel({
    adapter,
    deadLetter: options.deadLetter,
    registry: options.registry,
    logger: options.logger,
  });
  return new SuppressedEventsOutput(channel, options.registry, options.logger);
}
