import type { Finding } from '@talaria/falco-event';
import type { Logger } from '@talaria/telemetry';
import type { Registry } from 'prom-client';

import type { OutputAdapter, SendResult } from '../output';
import { abortableSleep } from './abortable-sleep';
import { Batcher } from './batcher';
import { CircuitBreaker, type CircuitState } from './circuit-breaker';
import type { DeadLetterReason, DeadLetterSink } from './dead-letter';
import {
  FAILING_DRAIN_MS,
  resolveDeliveryOptions,
  type DeliveryOptions,
  type DeliveryOverrides,
} from './delivery-options';
import { deliveryMetricsFor, type DeliveryMetrics } from './delivery-metrics';
import { LogThrottle } from './log-throttle';
import { computeRetryDelayMs } from './retry-policy';
import {
  classifySendOutcome,
  describeError,
  type FailedItem,
  type SendOutcome,
} from './send-outcome';

/**
 * The end of one finding at one output. `coalesced` means the finding was folded
 * into a storm or rate-limit summary that the output sends instead.
 */
export type DeliveryOutcome = 'delivered' | 'dead_lettered' | 'coalesced';

export interface OutputChannelOptions extends DeliveryOverrides {
  adapter: OutputAdapter;
  deadLetter: DeadLetterSink;
  registry: Registry;
  logger: Logger;
  /** Source of randomness for retry jitter, in [0, 1); replaceable in tests. */
  random?: () => number;
  /** Minimum time in ms between two log lines about the same repeated failure. */
  logIntervalMs?: number;
}

/** Counts from one `drain` call. */
export interface DrainReport {
  output: string;
  /** Findings delivered while draining. */
  delivered: number;
  /** Findings dead-lettered while draining. */
  deadLettered: number;
  /** Findings neither delivered nor dead-lettered; their callbacks never fire, so the spool replays them. */
  unsettled: number;
  /**
   * How many of `unsettled` have no spool entry to be replayed from, such as
   * storm summaries, so they are lost. Left out when there are none.
   */
  unreplayable?: number;
  /** True when everything settled before the deadline. */
  completed: boolean;
}

/** Send attempts made for one finding, and the last failure. */
export interface DeliveryAttempts {
  attempts: number;
  lastError?: string;
}

/** Log lines the throttle held back under one key: the newest line and the findings of all. */
interface HeldLines {
  level: 'warn' | 'error';
  message: string;
  fields: Record<string, unknown>;
  findings: number;
  timer: NodeJS.Timeout;
}

interface PendingDelivery {
  finding: Finding;
  onSettled: (outcome: DeliveryOutcome) => void;
  attempts: number;
  /** Attempts rejected for a rate limit while that did not count as failing. They do not use up retries. */
  rateLimitedAttempts: number;
  settled: boolean;
  lastError?: string;
}

/** Findings named per log line; the rest are only counted. */
const MAX_LOGGED_IDS = 20;

/**
 * Delivers findings to one output: a bounded queue, batching, retries with
 * backoff, a circuit breaker and the dead letter, with metrics and logs.
 * Every enqueued finding settles exactly once as delivered or dead-lettered,
 * except those still unsettled when `drain` reaches its deadline.
 */
export class OutputChannel {
  readonly name: string;
  readonly options: DeliveryOptions;
  private readonly adapter: OutputAdapter;
  private readonly deadLetterSink: DeadLetterSink;
  private readonly logger: Logger;
  private readonly metrics: DeliveryMetrics;
  private readonly batcher: Batcher<PendingDelivery>;
  private readonly breaker: CircuitBreaker;
  private readonly throttle: LogThrottle;
  /** Log lines the throttle held back, per key, until the end of their interval. */
  private readonly heldLines = new Map<string, HeldLines>();
  private readonly random: () => number;
  private readonly batchSize: number;

  // A count and a flag on each item replace a Set, which kept removed findings
  // alive under load once its table reached the old generation. That was
  // measured, and the likely link is the obsolete table V8 keeps after a rehash.
  private unsettled = 0;
  private readonly sendsInFlight = new Set<Promise<unknown>>();
  private readonly circuitWaiters = new Set<() => void>();
  private readonly idleWaiters = new Set<() => void>();
  private readonly stopController = new AbortController();
  private overflow: FailedItem<PendingDelivery>[] = [];
  /** Batches being sent or waiting for a retry. Kept per batch, not per finding, to stay cheap. */
  private readonly batchesInFlight = new Set<PendingDelivery[]>();
  /** Reason of the newest failed send, kept for reports about the output. */
  private newestFailure?: string;
  /** Attempts and last error of the findings a drain left unsettled after sending them at least once. */
  private triedAtDrainEnd?: Map<Finding, DeliveryAttempts>;
  private activeBatches = 0;
  private pumpScheduled = false;
  private lingerTimer?: NodeJS.Timeout;
  private circuitTimer?: NodeJS.Timeout;
  private downSweepTimer?: NodeJS.Timeout;
  /** Epoch time in ms before which no send starts, set from a rate-limited response. */
  private pausedUntilMs = 0;
  /** Epoch time in ms since which every response was a rate limit; undefined once a send is delivered. */
  private rateLimitedSinceMs?: number;
  private draining = false;
  private closed = false;
  private adapterClosed = false;
  private deliveredCount = 0;
  private deadLetteredCount = 0;

  constructor(options: OutputChannelOptions) {
    this.adapter = options.adapter;
    this.name = options.adapter.name;
    this.options = resolveDeliveryOptions({
      ...options,
      lingerMs: options.lingerMs ?? options.adapter.defaultLingerMs,
    });
    this.deadLetterSink = options.deadLetter;
    this.logger = options.logger.child({ output: this.name, outputType: options.adapter.type });
    this.metrics = deliveryMetricsFor(options.registry);
    this.random = options.random ?? Math.random;
    this.throttle = new LogThrottle(options.logIntervalMs);

    const adapterMax = options.adapter.maxBatchSize;
    if (!Number.isInteger(adapterMax) || adapterMax < 1) {
      throw new RangeError(
        `output "${this.name}" reports maxBatchSize ${adapterMax}; it must be a positive integer`,
      );
    }
    this.batchSize = Math.min(this.options.batchSize ?? adapterMax, adapterMax);
    this.batcher = new Batcher({
      maxQueue: this.options.maxQueue,
      batchSize: this.batchSize,
      lingerMs: this.options.lingerMs,
    });
    this.breaker = new CircuitBreaker(this.options.circuit, Date.now, (state) =>
      this.onCircuitChange(state),
    );

    this.metrics.queueDepth.set({ output: this.name }, 0);
    this.metrics.circuitOpen.set({ output: this.name }, 0);
  }

  /** Current circuit breaker state. */
  get circuitState(): CircuitState {
    return this.breaker.state;
  }

  /** Findings waiting in the queue, not counting those in flight. */
  get queueDepth(): number {
    return this.batcher.size;
  }

  /**
   * True while the circuit is closed and the queue is at least nine tenths
   * full. An output whose circuit is open is never backlogged, so callers
   * keep feeding the other outputs and its overflow goes to the dead letter.
   */
  get backlogged(): boolean {
    return this.breaker.state === 'closed' && this.batcher.size >= this.options.maxQueue * 0.9;
  }

  /** True while the circuit is open or half-open. */
  get failing(): boolean {
    return this.breaker.state !== 'closed';
  }

  /** Findings accepted and not yet settled while the circuit is not closed, else 0. */
  get unsettledWhileFailing(): number {
    return this.breaker.state === 'closed' ? 0 : this.unsettled;
  }

  /** Findings accepted and not yet settled. */
  get unsettledCount(): number {
    return this.unsettled;
  }

  /**
   * Queues a finding and returns at once. `onSettled` is called exactly once;
   * a full queue dead-letters the finding with reason `queue_full` so that a
   * slow output never blocks the caller. Throws only after `drain` finished.
   */
  enqueue(finding: Finding, onSettled: (outcome: DeliveryOutcome) => void): void {
    if (this.closed) {
      throw new Error(
        `output "${this.name}" is closed; enqueue findings before drain() so they settle or are replayed`,
      );
    }

    const pending: PendingDelivery = {
      finding,
      onSettled,
      attempts: 0,
      rateLimitedAttempts: 0,
      settled: false,
    };
    this.unsettled += 1;
    if (!this.batcher.offer(pending, Date.now())) {
      this.rejectOverflow(pending);
      return;
    }

    this.updateQueueDepth();
    this.schedulePump();
  }

  /**
   * Sends everything queued at once, ignoring the linger time, and waits for
   * in-flight work until every finding settled or `deadlineMs` (epoch ms,
   * such as `Date.now() + 5000`) passed. Afterwards the channel is closed:
   * unsettled findings never get their callback, and late results of sends
   * still running are counted in metrics only.
   */
  async drain(deadlineMs: number): Promise<DrainReport> {
    if (!Number.isFinite(deadlineMs) || deadlineMs < 1e12) {
      throw new RangeError(
        `drain deadline must be an epoch time in ms such as Date.now() + 5000; got ${deadlineMs}`,
      );
    }

    const deliveredBefore = this.deliveredCount;
    const deadLetteredBefore = this.deadLetteredCount;
    if (!this.closed) {
      this.draining = true;
      this.pump();
      await this.waitWhileDraining(deadlineMs);
      this.stop();
      // Taken now, because the stopped batches leave batchesInFlight once their sends return.
      if (this.unsettled > 0) this.triedAtDrainEnd = this.collectTriedUnsettled();
    }

    const report: DrainReport = {
      output: this.name,
      delivered: this.deliveredCount - deliveredBefore,
      deadLettered: this.deadLetteredCount - deadLetteredBefore,
      unsettled: this.unsettled,
      completed: this.unsettled === 0,
    };
    const level = report.completed ? 'info' : 'warn';
    // The logger already names the output, and a second `output` key would repeat it.
    this.logger[level](
      {
        // Only what settled in this last step, so the names differ from the forwarder's drain totals.
        deliveredInFinalFlush: report.delivered,
        deadLetteredInFinalFlush: report.deadLettered,
        unsettled: report.unsettled,
        completed: report.completed,
      },
      'output drained',
    );
    return report;
  }

  /**
   * Stops the channel, waits for sends still running (each adapter bounds its
   * own send time) and closes the adapter. Call after `drain`; errors are logged.
   */
  async close(): Promise<void> {
    this.stop();
    await Promise.allSettled([...this.sendsInFlight]);
    if (this.adapterClosed) return;

    this.adapterClosed = true;
    try {
      await this.adapter.close?.();
    } catch (error) {
      this.logger.error({ err: describeError(error) }, 'closing output failed');
    }
  }

  /**
   * Returns how often the output was sent a finding that the last drain left
   * unsettled, and its last error, or undefined when it was never sent. A
   * wrapper that dead-letters such findings itself, such as storm
   * coalescing, records them with it.
   */
  deliveryAttemptsOf(finding: Finding): DeliveryAttempts | undefined {
    return this.triedAtDrainEnd?.get(finding);
  }

  /** Returns the reason of the newest failed send, or undefined when no send failed. */
  get lastFailure(): string | undefined {
    return this.newestFailure;
  }

  private collectTriedUnsettled(): Map<Finding, DeliveryAttempts> {
    const tried = new Map<Finding, DeliveryAttempts>();
    for (const batch of this.batchesInFlight) {
      for (const item of batch) {
        if (item.settled || item.attempts === 0) continue;
        tried.set(item.finding, { attempts: item.attempts, lastError: item.lastError });
      }
    }
    return tried;
  }

  /** Dead-letters a finding the full queue rejected; overflow within one tick shares one write. */
  private rejectOverflow(pending: PendingDelivery): void {
    this.overflow.push({ item: pending, reason: `queue full (${this.options.maxQueue} findings)` });
    if (this.overflow.length > 1) return;

    queueMicrotask(() => {
      const rejected = this.overflow;
      this.overflow = [];
      void this.deadLetter(rejected, 'queue_full');
    });
  }

  private stop(): void {
    this.closed = true;
    this.stopController.abort();
    clearTimeout(this.lingerTimer);
    clearTimeout(this.circuitTimer);
    clearInterval(this.downSweepTimer);
    this.notifyCircuitWaiters();
    // Counts held back by the log throttle would otherwise never be logged.
    for (const key of [...this.heldLines.keys()]) this.logHeldLines(key);
  }

  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    // Deferring keeps enqueue from calling into the adapter before it returns.
    queueMicrotask(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  /** Starts batches while a slot is free, the circuit allows it, no rate-limit pause is active and a batch is ready. */
  private pump(): void {
    while (!this.closed && this.activeBatches < this.options.concurrency && this.batcher.size > 0) {
      if (!this.breaker.canSend()) {
        this.wakeWhenCircuitHalfOpens();
        return;
      }

      const now = Date.now();
      if (now < this.pausedUntilMs) {
        this.wakeWhenBatchReady(this.pausedUntilMs - now);
        return;
      }

      const batch = this.batcher.takeReady(now, this.draining);
      if (batch === undefined) {
        this.wakeWhenBatchReady(this.batcher.msUntilReady(now));
        return;
      }

      this.updateQueueDepth();
      this.activeBatches += 1;
      void this.runBatch(batch)
        .catch((error: unknown) => {
          this.logger.error({ err: describeError(error) }, 'delivery loop failed unexpectedly');
        })
        .finally(() => {
          this.activeBatches -= 1;
          this.pump();
        });
    }
  }

  /** Sends a batch and retries what failed retryably until all of it settled or the channel stopped. */
  private async runBatch(batch: PendingDelivery[]): Promise<void> {
    this.batchesInFlight.add(batch);
    try {
      await this.sendUntilSettled(batch);
    } finally {
      this.batchesInFlight.delete(batch);
    }
  }

  private async sendUntilSettled(batch: PendingDelivery[]): Promise<void> {
    let pending = batch;

    while (pending.length > 0) {
      if (!(await this.waitWhilePaused())) return;
      const permitted = this.breaker.tryAcquire() || (await this.waitForCircuitPermit());
      if (!permitted) return;

      const outcome = await this.sendOnce(pending);
      if (this.closed) return;

      pending = await this.settleOutcome(outcome);
      if (pending.length === 0) return;

      const delayMs = this.retryDelayMs(pending[0].attempts, outcome);
      this.metrics.retries.inc({ output: this.name }, pending.length);
      if (outcome.rateLimited) this.pauseFor(delayMs);
      this.logFailure(outcome, delayMs);

      if (!(await abortableSleep(delayMs, this.stopController.signal))) return;
    }
  }

  private async sendOnce(pending: PendingDelivery[]): Promise<SendOutcome<PendingDelivery>> {
    for (const item of pending) item.attempts += 1;

    const endTimer = this.metrics.sendDuration.startTimer({ output: this.name });
    const send = this.callAdapter(pending.map((item) => item.finding));
    this.sendsInFlight.add(send);
    const answer = await send;
    this.sendsInFlight.delete(send);
    endTimer();

    const outcome = classifySendOutcome(pending, answer);
    this.recordOnBreaker(outcome);
    this.notifyCircuitWaiters();

    this.metrics.delivered.inc({ output: this.name }, outcome.delivered.length);
    this.metrics.failed.inc(
      { output: this.name, reason: outcome.rateLimited ? 'rate_limited' : 'retryable' },
      outcome.retryable.length,
    );
    this.metrics.failed.inc(
      { output: this.name, reason: 'not_retryable' },
      outcome.rejected.length,
    );
    return outcome;
  }

  private async callAdapter(
    batch: Finding[],
  ): Promise<{ result: SendResult } | { error: unknown }> {
    try {
      return { result: await this.adapter.send(batch) };
    } catch (error) {
      return { error };
    }
  }

  /** Settles delivered and rejected items and returns those that get another attempt. */
  private async settleOutcome(outcome: SendOutcome<PendingDelivery>): Promise<PendingDelivery[]> {
    for (const item of outcome.delivered) this.settle(item, 'delivered');

    const exhausted: FailedItem<PendingDelivery>[] = [];
    const retrying: PendingDelivery[] = [];
    // The newest reason goes to the dead letter, not one from an earlier attempt.
    for (const failure of outcome.rejected) failure.item.lastError = failure.reason;
    const newest = outcome.retryable[0] ?? outcome.rejected[0];
    if (newest !== undefined) this.newestFailure = newest.reason;
    for (const failure of outcome.retryable) {
      failure.item.lastError = failure.reason;
      const counted = failure.item.attempts - failure.item.rateLimitedAttempts;
      if (counted >= this.options.retry.maxAttempts) exhausted.push(failure);
      else retrying.push(failure.item);
    }

    await Promise.all([
      this.deadLetter(outcome.rejected, 'not_retryable'),
      this.deadLetter(exhausted, 'retries_exhausted'),
    ]);
    return retrying;
  }

  /**
   * Writes dead-letter records, then settles the findings as dead-lettered.
   * A failed write is logged and counted but never thrown: the findings are
   * settled anyway so that the pipeline does not stall on a broken disk.
   */
  private async deadLetter(
    failures: FailedItem<PendingDelivery>[],
    reason: DeadLetterReason,
  ): Promise<void> {
    if (failures.length === 0) return;

    const deadLetteredAt = new Date().toISOString();
    const records = failures.map(({ item, reason: lastError }) => ({
      deadLetteredAt,
      output: this.name,
      reason,
      attempts: item.attempts,
      lastError: item.lastError ?? lastError,
      finding: item.finding,
    }));
    const items = failures.map((failure) => failure.item);
    this.metrics.deadLettered.inc({ output: this.name, reason }, items.length);
    this.logThrottled('error', `dead_letter:${reason}`, 'findings dead-lettered', {
      reason,
      lastError: records[0].lastError,
      attempts: records[0].attempts,
      ...this.describeItems(items),
    });

    try {
      await this.deadLetterSink.write(records);
    } catch (error) {
      this.metrics.deadLetterWriteFailures.inc({ output: this.name }, items.length);
      this.logThrottled(
        'error',
        'dead_letter_write',
        'writing dead-letter records failed; findings lost',
        {
          err: describeError(error),
          ...this.describeItems(items),
        },
      );
    }

    for (const item of items) this.settle(item, 'dead_lettered');
  }

  private settle(item: PendingDelivery, outcome: DeliveryOutcome): void {
    // After drain the spool replays what is unsettled, so late callbacks would double-acknowledge.
    if (this.closed || item.settled) return;
    item.settled = true;
    this.unsettled -= 1;

    if (outcome === 'delivered') this.deliveredCount += 1;
    else this.deadLetteredCount += 1;

    try {
      item.onSettled(outcome);
    } catch (error) {
      this.logger.error(
        { err: describeError(error), findingId: item.finding.id },
        'onSettled callback threw; the finding counts as settled',
      );
    }

    if (this.unsettled === 0) this.notifyIdle();
  }

  /**
   * Records a send on the circuit breaker. The destination is down only when
   * nothing was delivered and a retry is expected to help. A rate limit shows
   * that the destination is up, so it counts as a failure only after the
   * output received nothing but rate limits for longer than the circuit's
   * cooldown, as when a spent quota rejects every send. Until then
   * rate-limited attempts do not use up the findings' retries.
   */
  private recordOnBreaker(outcome: SendOutcome<PendingDelivery>): void {
    if (outcome.rateLimited) this.metrics.rateLimited.inc({ output: this.name });

    if (outcome.delivered.length > 0 || outcome.retryable.length === 0) {
      this.rateLimitedSinceMs = undefined;
      this.breaker.recordSuccess();
    } else if (!outcome.rateLimited) {
      this.breaker.recordFailure();
      return;
    } else {
      const now = Date.now();
      this.rateLimitedSinceMs ??= now;
      if (now - this.rateLimitedSinceMs >= this.options.circuit.cooldownMs) {
        this.breaker.recordFailure();
        return;
      }
      this.breaker.recordRateLimited();
    }

    if (outcome.rateLimited) {
      for (const failure of outcome.retryable) failure.item.rateLimitedAttempts += 1;
    }
  }

  /**
   * Returns the wait before the next attempt: the destination's Retry-After,
   * else the backoff. A rate limit without Retry-After waits at least the initial delay.
   */
  private retryDelayMs(attempt: number, outcome: SendOutcome<PendingDelivery>): number {
    const delayMs = computeRetryDelayMs(
      attempt,
      this.options.retry,
      outcome.retryAfterMs,
      this.random,
    );
    if (!outcome.rateLimited || outcome.retryAfterMs !== undefined) return delayMs;
    return Math.max(delayMs, this.options.retry.initialDelayMs);
  }

  /** Pauses every send of this output, not only the rejected batch, so the others do not run into the same limit. */
  private pauseFor(delayMs: number): void {
    const until = Date.now() + delayMs;
    if (until <= this.pausedUntilMs) return;

    this.pausedUntilMs = until;
  }

  /** Sleeps until a rate-limit pause has passed. Returns false when the channel stopped meanwhile. */
  private async waitWhilePaused(): Promise<boolean> {
    for (;;) {
      const waitMs = this.pausedUntilMs - Date.now();
      if (waitMs <= 0) return !this.closed;
      if (!(await abortableSleep(waitMs, this.stopController.signal))) return false;
    }
  }

  private async waitForCircuitPermit(): Promise<boolean> {
    for (;;) {
      if (this.closed) return false;
      if (this.breaker.tryAcquire()) return true;

      // Open: wake when the cooldown ends. Half-open with a trial running: wake on its result.
      const waitMs = this.breaker.state === 'open' ? this.breaker.msUntilHalfOpen() : Infinity;
      await this.waitForCircuitChange(waitMs);
    }
  }

  private waitForCircuitChange(maxMs: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.circuitWaiters.delete(wake);
        resolve();
      };
      const timer = Number.isFinite(maxMs) ? setTimeout(wake, maxMs) : undefined;
      this.circuitWaiters.add(wake);
    });
  }

  private notifyCircuitWaiters(): void {
    for (const wake of [...this.circuitWaiters]) wake();
  }

  /**
   * Waits until every finding settled or the deadline passed. Once the circuit
   * opens, the output gets at most FAILING_DRAIN_MS more, because its next
   * trial send would rarely come in time.
   */
  private async waitWhileDraining(deadlineMs: number): Promise<void> {
    let deadline = deadlineMs;
    let shortened = false;

    while (this.unsettled > 0) {
      if (!shortened && this.failing) {
        deadline = Math.min(deadline, Date.now() + FAILING_DRAIN_MS);
        shortened = true;
      }
      const waitMs = deadline - Date.now();
      if (waitMs <= 0) return;
      await this.waitForIdle(waitMs);
    }
  }

  private waitForIdle(maxMs: number): Promise<void> {
    if (this.unsettled === 0) return Promise.resolve();

    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.idleWaiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, Math.max(0, maxMs));
      this.idleWaiters.add(wake);
    });
  }

  private notifyIdle(): void {
    for (const wake of [...this.idleWaiters]) wake();
  }

  private wakeWhenBatchReady(delayMs: number): void {
    if (!Number.isFinite(delayMs)) return;
    clearTimeout(this.lingerTimer);
    this.lingerTimer = setTimeout(() => this.pump(), delayMs);
  }

  private wakeWhenCircuitHalfOpens(): void {
    if (this.breaker.state !== 'open') return;
    clearTimeout(this.circuitTimer);
    this.circuitTimer = setTimeout(() => {
      this.notifyCircuitWaiters();
      this.pump();
    }, this.breaker.msUntilHalfOpen());
  }

  private onCircuitChange(state: CircuitState): void {
    this.metrics.circuitOpen.set({ output: this.name }, state === 'closed' ? 0 : 1);
    // A drain in progress checks again whether to give up early.
    this.notifyIdle();
    if (state === 'closed') this.stopDownSweep();
    else this.startDownSweep();

    if (state === 'open') {
      this.logger.warn(
        { cooldownMs: this.options.circuit.cooldownMs, queueDepth: this.batcher.size },
        'circuit opened; this output sends nothing until a trial send succeeds',
      );
    } else if (state === 'half_open') {
      this.logger.info('circuit half-open; sending one trial batch');
    } else {
      this.logger.info('circuit closed; sending resumed');
      this.schedulePump();
    }
  }

  // Waiting findings keep their spool entries, so an output that stays down
  // would otherwise keep them for as long as its retries take, one batch after another.
  private startDownSweep(): void {
    if (this.downSweepTimer !== undefined || this.closed) return;

    const maxWaitMs = this.options.circuit.maxWaitMs;
    this.downSweepTimer = setInterval(() => this.sweepWhileDown(), Math.min(maxWaitMs / 4, 60_000));
    this.downSweepTimer.unref();
  }

  private stopDownSweep(): void {
    clearInterval(this.downSweepTimer);
    this.downSweepTimer = undefined;
  }

  private sweepWhileDown(): void {
    if (this.closed || this.breaker.state === 'closed') return;

    const maxWaitMs = this.options.circuit.maxWaitMs;
    const expired = this.batcher.takeWaitingSince(Date.now() - maxWaitMs);
    if (expired.length === 0) return;

    this.updateQueueDepth();
    const reason = `output down: waited more than ${maxWaitMs} ms while the circuit was open (circuit.maxWaitMs)`;
    void this.deadLetter(
      expired.map((item) => ({ item, reason })),
      'output_down',
    );
  }

  private logFailure(outcome: SendOutcome<PendingDelivery>, delayMs: number): void {
    const failed = outcome.retryable.map((failure) => failure.item);
    // An open circuit delays the retry until its trial send, whatever the backoff is.
    const circuitOpen = this.breaker.state === 'open';
    const retryInMs = circuitOpen ? Math.max(delayMs, this.breaker.msUntilHalfOpen()) : delayMs;
    const [key, message] = outcome.rateLimited
      ? ['rate_limited', 'output is rate limited; every send of this output waits']
      : ['send_failed', 'send to output failed; retrying'];
    this.logThrottled('warn', key, message, {
      err: outcome.retryable[0]?.reason,
      attempt: failed[0]?.attempts,
      retryInMs,
      circuit: this.breaker.state,
      delivered: outcome.delivered.length,
      ...this.describeItems(failed),
    });
  }

  private logThrottled(
    level: 'warn' | 'error',
    key: string,
    message: string,
    fields: Record<string, unknown>,
  ): void {
    const admitted = this.throttle.admit(key);
    if (admitted === undefined) {
      this.holdLine(key, level, message, fields);
      return;
    }

    const heldBack = this.takeHeldLines(key);
    this.logger[level](
      {
        ...fields,
        suppressedSinceLastLog: admitted.suppressed,
        ...(heldBack === undefined ? {} : { findingsInSuppressedLines: heldBack.findings }),
      },
      message,
    );
  }

  /**
   * Keeps the newest line the throttle held back and adds up its findings.
   * At the end of the interval one line reports them all, so the log accounts
   * for every finding even when no later line of the same kind comes.
   */
  private holdLine(
    key: string,
    level: 'warn' | 'error',
    message: string,
    fields: Record<string, unknown>,
  ): void {
    const findings = typeof fields.findingCount === 'number' ? fields.findingCount : 0;
    const heldBack = this.heldLines.get(key);
    if (heldBack !== undefined) {
      heldBack.fields = fields;
      heldBack.findings += findings;
      return;
    }

    const timer = setTimeout(() => this.logHeldLines(key), this.throttle.intervalMs);
    timer.unref();
    this.heldLines.set(key, { level, message, fields, findings, timer });
  }

  private takeHeldLines(key: string): HeldLines | undefined {
    const heldBack = this.heldLines.get(key);
    if (heldBack === undefined) return undefined;

    clearTimeout(heldBack.timer);
    this.heldLines.delete(key);
    return heldBack;
  }

  /** Logs the lines held back under `key` as one line: the newest one, with the findings of all. */
  private logHeldLines(key: string): void {
    const heldBack = this.takeHeldLines(key);
    if (heldBack === undefined) return;

    const suppressed = this.throttle.release(key);
    this.logger[heldBack.level](
      {
        ...heldBack.fields,
        findingCount: heldBack.findings,
        suppressedSinceLastLog: suppressed,
        heldBackByLogThrottle: true,
      },
      heldBack.message,
    );
  }

  private describeItems(items: PendingDelivery[]): { findingIds: string[]; findingCount: number } {
    return {
      findingIds: items.slice(0, MAX_LOGGED_IDS).map((item) => item.finding.id),
      findingCount: items.length,
    };
  }

  private updateQueueDepth(): void {
    this.metrics.queueDepth.set({ output: this.name }, this.batcher.size);
  }
}
