import type { Finding } from '@talaria/falco-event';
import type { Logger } from '@talaria/telemetry';
import type { Registry } from 'prom-client';

import type { OutputRoute } from '../output';
import { matchesRoute } from '../routing';
import type { DeadLetterSink } from './dead-letter';
import { deliveryMetricsFor, type DeliveryMetrics } from './delivery-metrics';
import type { DeliveryAttempts, DeliveryOutcome, DrainReport } from './output-channel';
import { FAILING_DRAIN_MS } from './delivery-options';
import { describeError } from './send-outcome';

export { FAILING_DRAIN_MS };

/**
 * The public shape of OutputChannel, so that a wrapper in front of a channel,
 * such as storm coalescing, can take its place in the engine.
 */
export interface DeliveryChannel {
  readonly name: string;
  /**
   * True while the channel's output is healthy but its queue is nearly full.
   * Callers with a buffer of their own (the forwarder's spool) wait while any
   * channel is backlogged instead of overflowing it into dead letters.
   */
  readonly backlogged?: boolean;
  /**
   * Findings the channel keeps unsettled while its output is failing (its
   * circuit is not closed), else 0. The forwarder's spool does not count them
   * against its in-flight limit, so the failing output's queue can fill and
   * overflow into the dead letter while the other outputs go on.
   */
  readonly unsettledWhileFailing?: number;
  /** True while the channel's output is failing: its circuit is open or half-open. */
  readonly failing?: boolean;
  enqueue(finding: Finding, onSettled: (outcome: DeliveryOutcome) => void): void;
  drain(deadlineMs: number): Promise<DrainReport>;
  /** Attempts and last error of a finding the last drain left unsettled; see OutputChannel. */
  deliveryAttemptsOf?(finding: Finding): DeliveryAttempts | undefined;
  /** Reason of the channel's newest failed send, if any. */
  readonly lastFailure?: string;
  close(): Promise<void>;
}

export interface RoutedChannel {
  channel: DeliveryChannel;
  route: OutputRoute;
}

/** Names of the outputs that delivered, dead-lettered or coalesced one finding. */
export interface DispatchOutcome {
  delivered: string[];
  deadLettered: string[];
  /** Outputs that folded the finding into a storm or rate-limit summary. */
  coalesced: string[];
  /** Matching outputs left out because they had settled the finding before; see DispatchOptions.settledBefore. */
  skipped?: string[];
}

/** Per-finding options of DeliveryEngine.dispatch. */
export interface DispatchOptions {
  /**
   * Outputs that already delivered or dead-lettered this finding, for example
   * before a restart. They are left out even when their route matches.
   */
  settledBefore?: ReadonlySet<string>;
  /**
   * Called as each output settles the finding, with the number of outputs
   * still to settle, for callers that record partial delivery. `remaining`
   * is 0 on the call just before `onSettled`.
   */
  onOutputSettled?: (output: string, remaining: number) => void;
}

export interface DeliveryEngineOptions {
  outputs: RoutedChannel[];
  /** Closed by `close` after every channel. */
  deadLetter: DeadLetterSink;
  registry: Registry;
  logger: Logger;
}

/**
 * Fans findings out to every output whose route matches and reports back
 * once all of them settled, so the caller can acknowledge its spool.
 */
export class DeliveryEngine {
  private readonly outputs: RoutedChannel[];
  private readonly deadLetter: DeadLetterSink;
  private readonly metrics: DeliveryMetrics;
  private readonly logger: Logger;

  constructor(options: DeliveryEngineOptions) {
    const names = new Set<string>();
    for (const { channel } of options.outputs) {
      if (names.has(channel.name)) {
        throw new Error(
          `output name "${channel.name}" is used twice; give each output a unique name`,
        );
      }
      names.add(channel.name);
    }

    this.outputs = options.outputs;
    this.deadLetter = options.deadLetter;
    this.metrics = deliveryMetricsFor(options.registry);
    this.logger = options.logger;
  }

  get outputNames(): string[] {
    return this.outputs.map(({ channel }) => channel.name);
  }

  /** True while some output is healthy but nearly full; see DeliveryChannel.backlogged. */
  get backlogged(): boolean {
    return this.outputs.some(({ channel }) => channel.backlogged === true);
  }

  /**
   * Findings kept by outputs that are failing, summed over the outputs. A
   * finding queued on two failing outputs counts twice.
   */
  get heldByFailingOutputs(): number {
    let total = 0;
    for (const { channel } of this.outputs) total += channel.unsettledWhileFailing ?? 0;
    return total;
  }

  /**
   * Queues the finding on every matching output and returns how many matched.
   * `onSettled` runs once, after the last of them settled. With no match it
   * runs at once with empty lists, and the finding is counted as unrouted.
   * Matching outputs named in `options.settledBefore` are skipped, listed in
   * the outcome's `skipped`, and not counted as matched.
   */
  dispatch(
    finding: Finding,
    onSettled: (outcome: DispatchOutcome) => void,
    options: DispatchOptions = {},
  ): number {
    const outcome: DispatchOutcome = { delivered: [], deadLettered: [], coalesced: [] };
    const targets = this.targetsOf(finding, options.settledBefore, outcome);
    if (targets.length === 0) {
      if (outcome.skipped === undefined) this.metrics.unrouted.inc();
      onSettled(outcome);
      return 0;
    }

    let remaining = targets.length;
    for (const { channel } of targets) {
      channel.enqueue(finding, (result) => {
        if (result === 'delivered') outcome.delivered.push(channel.name);
        else if (result === 'coalesced') outcome.coalesced.push(channel.name);
        else outcome.deadLettered.push(channel.name);

        remaining -= 1;
        options.onOutputSettled?.(channel.name, remaining);
        if (remaining === 0) onSettled(outcome);
      });
    }
    return targets.length;
  }

  private targetsOf(
    finding: Finding,
    settledBefore: ReadonlySet<string> | undefined,
    outcome: DispatchOutcome,
  ): RoutedChannel[] {
    const matching = this.outputs.filter(({ route }) => matchesRoute(finding, route));
    if (settledBefore === undefined || settledBefore.size === 0) return matching;

    const skipped = matching.filter(({ channel }) => settledBefore.has(channel.name));
    if (skipped.length === 0) return matching;

    outcome.skipped = skipped.map(({ channel }) => channel.name);
    for (const name of outcome.skipped) this.metrics.skippedAsSettled.inc({ output: name });
    return matching.filter(({ channel }) => !settledBefore.has(channel.name));
  }

  /** Attempts and last error of a finding the last drain left unsettled at `output`; see OutputChannel. */
  deliveryAttemptsOf(output: string, finding: Finding): DeliveryAttempts | undefined {
    return this.channelNamed(output)?.deliveryAttemptsOf?.(finding);
  }

  /** True while `output` is healthy but its queue is nearly full; see DeliveryChannel.backlogged. */
  isBacklogged(output: string): boolean {
    return this.channelNamed(output)?.backlogged === true;
  }

  /** True while the circuit of `output` is open or half-open. */
  isFailing(output: string): boolean {
    return this.channelNamed(output)?.failing === true;
  }

  /** Returns the reason of the newest failed send of `output`, or undefined when none failed. */
  lastFailureOf(output: string): string | undefined {
    return this.channelNamed(output)?.lastFailure;
  }

  private channelNamed(output: string): DeliveryChannel | undefined {
    return this.outputs.find(({ channel }) => channel.name === output)?.channel;
  }

  /**
   * Drains every output in parallel until `deadlineMs` (epoch ms) and returns
   * one report per output. An output whose circuit is open gets at most
   * FAILING_DRAIN_MS, because its findings would rarely settle in time.
   */
  drain(deadlineMs: number): Promise<DrainReport[]> {
    return Promise.all(
      this.outputs.map(({ channel }) => {
        // A coalescing channel queues its last summaries inside its own drain, after this check.
        const failing = channel.failing === true || (channel.unsettledWhileFailing ?? 0) > 0;
        const deadline = failing ? Math.min(deadlineMs, Date.now() + FAILING_DRAIN_MS) : deadlineMs;
        return channel.drain(deadline);
      }),
    );
  }

  /** Closes every output, then the dead-letter sink. Errors are logged, not thrown. */
  async close(): Promise<void> {
    await Promise.all(this.outputs.map(({ channel }) => channel.close()));
    try {
      await this.deadLetter.close();
    } catch (error) {
      this.logger.error({ err: describeError(error) }, 'closing the dead-letter file failed');
    }
  }
}
