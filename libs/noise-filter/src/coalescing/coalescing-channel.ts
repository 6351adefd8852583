import type { Finding } from '@talaria/falco-event';
import {
  deliveryMetricsFor,
  type DeadLetterSink,
  type DeliveryMetrics,
  type DeliveryOutcome,
  type DrainReport,
} from '@talaria/notifiers';
import type { Logger } from '@talaria/telemetry';
import type { Registry } from 'prom-client';

import type { DeliveryChannel } from '../delivery-channel';
import { withNoiseMarks } from '../noise-finding';
import { coalescingMetricsFor, type CoalescingMetrics } from './coalescing-metrics';
import type { CoalescingSettings } from './coalescing-settings';
import { takeRateLimitTokens } from './rate-limits';
import { createStormKey } from './storm-key';
import type { StormStore, StormSummary } from './storm-store';
import { buildSummaryFinding, RATE_LIMIT_KEY_PREFIX } from './summary-finding';

type SettleCallback = (outcome: DeliveryOutcome) => void;

/** A summary sent to the output and not yet settled, with the storm and the alerts it counts. */
interface UnsettledSummary {
  summary: Finding;
  stormId: string;
  count: number;
}

/** Minimum time in ms between two log lines about store errors of one output. */
const STORE_ERROR_LOG_INTERVAL_MS = 10_000;

export interface CoalescingChannelOptions {
  /** The output's own channel, which receives what goes out. */
  inner: DeliveryChannel;
  /** Settings with mode `coalesce` or `tag`. */
  settings: CoalescingSettings;
  store: StormStore;
  registry: Registry;
  logger: Logger;
  /**
   * Dead letter for the summaries the output has not taken when its drain
   * ends, because no spool entry replays them. Without one they are only logged.
   */
  deadLetter?: DeadLetterSink;
  /** Clock in epoch ms; replaceable in tests. */
  now?: () => number;
  /** Time in ms between checks for closed windows; default a quarter window, at most 1000. */
  tickMs?: number;
}

/**
 * Sits in front of an output's channel with the same shape.
 *
 * In `coalesce` mode the first alert of a storm goes to the output at once.
 * Later alerts with the same fingerprint in the window are counted and settle
 * at once as delivered, so the spool is acknowledged, and when the window
 * closes one summary finding with `coalesced: { count, firstSeen, lastSeen }`
 * goes out. Rate limits hold back alerts the same way and summarise them per
 * limit. In `tag` mode every alert goes out with its fingerprint and storm id.
 *
 * If the store fails, alerts are sent without coalescing and the error is
 * counted and logged: a broken store must not lose alerts. A crash loses the
 * counts of windows still open; outputs in tag mode keep every alert.
 */
export class CoalescingChannel implements DeliveryChannel {
  readonly name: string;
  private readonly inner: DeliveryChannel;
  private readonly settings: CoalescingSettings;
  private readonly store: StormStore;
  private readonly metrics: CoalescingMetrics;
  private readonly deliveryMetrics: DeliveryMetrics;
  private readonly deadLetter?: DeadLetterSink;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly stormKey: (finding: Finding) => string;
  // Counted rather than kept in a Set, because a Set changed once per finding
  // can keep removed entries alive for minor collections (see OutputChannel).
  private admitting = 0;
  /** Promise that resolves when `admitting` next reaches zero, shared by every waiting drain. */
  private admissionsDone?: { promise: Promise<void>; resolve: () => void };
  private readonly timer?: NodeJS.Timeout;
  private collecting?: Promise<void>;
  private stopped = false;
  /** Summaries sent and not yet settled, by finding id. They have no spool entry to fall back on. */
  private readonly summariesInFlight = new Map<string, UnsettledSummary>();
  /** Epoch ms of the last store-error log line, and the errors not logged since. */
  private lastStoreErrorLogMs = Number.NEGATIVE_INFINITY;
  private storeErrorsNotLogged = 0;

  constructor(options: CoalescingChannelOptions) {
    this.inner = options.inner;
    this.name = options.inner.name;
    this.settings = options.settings;
    this.store = options.store;
    this.metrics = coalescingMetricsFor(options.registry);
    this.deliveryMetrics = deliveryMetricsFor(options.registry);
    this.deadLetter = options.deadLetter;
    this.logger = options.logger.child({ output: this.name, coalescing: options.settings.mode });
    this.now = options.now ?? Date.now;
    this.stormKey = createStormKey(options.settings);

    // Tag mode closes windows too, so storms end and their state is freed; it only sends no summaries.
    const tickMs = options.tickMs ?? Math.min(1000, Math.max(10, options.settings.windowMs / 4));
    this.timer = setInterval(() => void this.sendClosedWindows(), tickMs);
    this.timer.unref();
  }

  /** Backlog of the wrapped output, passed on so the spool keeps alerts back for it as well. */
  get backlogged(): boolean {
    return this.inner.backlogged === true;
  }

  /** Whether the wrapped output is failing, passed on so a drain does not wait long for it. */
  get failing(): boolean {
    return this.inner.failing === true;
  }

  /** Findings the wrapped output keeps while it is failing, passed on for the spool's in-flight limit. */
  get unsettledWhileFailing(): number {
    return this.inner.unsettledWhileFailing ?? 0;
  }

  enqueue(finding: Finding, onSettled: SettleCallback): void {
    if (this.stopped) {
      throw new Error(
        `output "${this.name}" is closed; enqueue findings before drain() so they settle or are replayed`,
      );
    }

    const admission = this.admit(finding, onSettled).catch((error: unknown) => {
      this.logger.error(
        { err: error, findingId: finding.id },
        'coalescing failed unexpectedly; sending the finding as it is',
      );
      this.forward(finding, onSettled);
    });
    this.admitting += 1;
    void admission.finally(() => {
      this.admitting -= 1;
      if (this.admitting > 0 || this.admissionsDone === undefined) return;

      const done = this.admissionsDone;
      this.admissionsDone = undefined;
      done.resolve();
    });
  }

  /**
   * Waits for alerts being admitted, sends the summaries of every open
   * window, then drains the output's channel until `deadlineMs` (epoch ms).
   */
  async drain(deadlineMs: number): Promise<DrainReport> {
    // Findings may still arrive while earlier ones are admitted, so wait until none is left.
    while (this.admitting > 0) await this.waitForAdmissions();
    clearInterval(this.timer);
    await this.collecting;

    if (this.settings.mode === 'coalesce') {
      const summaries = await this.collect(true);
      for (const summary of summaries) this.sendSummary(summary);
    }

    this.stopped = true;
    const report = await this.inner.drain(deadlineMs);
    if (this.summariesInFlight.size === 0) return report;

    const summaries = [...this.summariesInFlight.values()];
    this.summariesInFlight.clear();
    if (await this.deadLetterSummaries(summaries)) {
      return {
        ...report,
        deadLettered: report.deadLettered + summaries.length,
        unsettled: report.unsettled - summaries.length,
      };
    }
    this.reportLostSummaries(summaries);
    return { ...report, unreplayable: summaries.length };
  }

  /**
   * Writes the summaries the output did not take before its drain ended to
   * the dead letter, because nothing replays them. Returns false when there
   * is no dead letter or the write failed.
   */
  private async deadLetterSummaries(summaries: UnsettledSummary[]): Promise<boolean> {
    const { deadLetter } = this;
    if (deadLetter === undefined) return false;

    const deadLetteredAt = new Date(this.now()).toISOString();
    try {
      await deadLetter.write(
        summaries.map(({ summary }) => {
          const tried = this.inner.deliveryAttemptsOf?.(summary);
          return {
            deadLetteredAt,
            output: this.name,
            reason: 'drain_ended',
            attempts: tried?.attempts ?? 0,
            lastError: tried?.lastError ?? 'the drain ended before the output took this summary',
            finding: summary,
          };
        }),
      );
    } catch (error) {
      this.logger.error(
        { err: error, findingIds: summaries.slice(0, 20).map(({ summary }) => summary.id) },
        'writing storm summaries to the dead letter failed',
      );
      return false;
    }

    this.deliveryMetrics.deadLettered.inc(
      { output: this.name, reason: 'drain_ended' },
      summaries.length,
    );
    this.logger.warn(
      { ...describeSummaries(summaries), reason: 'drain_ended' },
      'the drain ended before the output took these storm summaries; they were written to the dead letter',
    );
    return true;
  }

  /** Logs and counts summaries that neither the output nor the dead letter took. */
  private reportLostSummaries(summaries: UnsettledSummary[]): void {
    const described = describeSummaries(summaries);
    this.metrics.summariesLost.inc({ output: this.name }, summaries.length);
    this.metrics.summarisedAlertsLost.inc({ output: this.name }, described.alertsInThem);
    this.logger.error(
      described,
      'the drain ended before the output took these storm summaries; they are lost, and the alerts they count were acknowledged when they were folded in',
    );
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.stopped = true;
    await this.inner.close();
    await this.store.close();
  }

  private waitForAdmissions(): Promise<void> {
    if (this.admissionsDone === undefined) {
      let resolve: () => void = () => undefined;
      const promise = new Promise<void>((settle) => (resolve = settle));
      this.admissionsDone = { promise, resolve };
    }
    return this.admissionsDone.promise;
  }

  private async admit(finding: Finding, onSettled: SettleCallback): Promise<void> {
    const key = this.stormKey(finding);
    const nowMs = this.now();

    let observed;
    try {
      observed = await this.store.observe(
        {
          key,
          findingId: finding.id,
          firstSeenMs: finding.timeMs,
          lastSeenMs: finding.timeMs,
          count: 1,
        },
        nowMs,
        this.settings.windowMs,
        false,
      );
    } catch (error) {
      this.countStoreError('observe', error, finding);
      this.forward(withNoiseMarks(finding, { fingerprint: key }), onSettled);
      return;
    }
    if (observed.untracked) this.metrics.untracked.inc({ output: this.name });

    const marked = withNoiseMarks(finding, { fingerprint: key, stormId: observed.stormId });
    if (this.settings.mode === 'tag') {
      this.metrics.tagged.inc({ output: this.name });
      this.forward(marked, onSettled);
      return;
    }

    if (!observed.opened) {
      if (observed.folded === 1) await this.keepSample(key, marked);
      this.metrics.coalesced.inc({ output: this.name });
      this.settleAsCoalesced(finding, onSettled);
      return;
    }

    const limit = await this.takeTokens(finding, nowMs);
    if (
      limit !== undefined &&
      (await this.holdBack(limit, marked, 1, finding.timeMs, finding.timeMs))
    ) {
      this.metrics.rateLimited.inc({
        output: this.name,
        limit: limit === 'output' ? 'output' : 'owner',
      });
      this.settleAsCoalesced(finding, onSettled);
      return;
    }
    this.forward(marked, onSettled);
  }

  private async takeTokens(finding: Finding, nowMs: number): Promise<string | undefined> {
    try {
      return await takeRateLimitTokens(finding, this.settings, this.store, nowMs);
    } catch (error) {
      this.countStoreError('take_token', error, finding);
      return undefined;
    }
  }

  /** Folds alerts into the summary of a rate limit; returns false when the store failed. */
  private async holdBack(
    limit: string,
    sample: Finding,
    count: number,
    firstSeenMs: number,
    lastSeenMs: number,
  ): Promise<boolean> {
    const key = `${RATE_LIMIT_KEY_PREFIX}${limit}`;
    try {
      const observed = await this.store.observe(
        { key, findingId: sample.id, firstSeenMs, lastSeenMs, count },
        this.now(),
        this.settings.windowMs,
        true,
      );
      if (observed.untracked) return false;
      if (observed.folded === count) await this.store.keepSample(key, sample);
      return true;
    } catch (error) {
      this.countStoreError('hold_back', error, sample);
      return false;
    }
  }

  private async keepSample(key: string, finding: Finding): Promise<void> {
    try {
      await this.store.keepSample(key, finding);
    } catch (error) {
      this.countStoreError('keep_sample', error, finding);
    }
  }

  /**
   * Closes the windows that have ended and, in coalesce mode, sends their
   * summaries. A timer calls it every tick; a call while one is running
   * returns that one.
   */
  sendClosedWindows(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.collecting !== undefined) return this.collecting;

    this.collecting = (async () => {
      const summaries = await this.collect(false);
      if (this.settings.mode !== 'coalesce') return;
      for (const summary of summaries) await this.sendOrHoldSummary(summary);
    })().finally(() => {
      this.collecting = undefined;
    });
    return this.collecting;
  }

  private async collect(all: boolean): Promise<StormSummary[]> {
    try {
      return await this.store.collect(this.now(), this.settings.windowMs, all);
    } catch (error) {
      this.metrics.storeErrors.inc({ output: this.name, operation: 'collect' });
      this.logger.error(
        { err: error },
        'collecting closed coalescing windows failed; retrying at the next check',
      );
      return [];
    }
  }

  /** Storm summaries take rate-limit tokens like alerts; rate-limit summaries always go out. */
  private async sendOrHoldSummary(summary: StormSummary): Promise<void> {
    if (summary.key.startsWith(RATE_LIMIT_KEY_PREFIX) || summary.sample === undefined) {
      this.sendSummary(summary);
      return;
    }

    const limit = await this.takeTokens(summary.sample, this.now());
    const held =
      limit !== undefined &&
      (await this.holdBack(
        limit,
        summary.sample,
        summary.count,
        summary.firstSeenMs,
        summary.lastSeenMs,
      ));
    if (held) {
      this.metrics.rateLimited.inc(
        { output: this.name, limit: limit === 'output' ? 'output' : 'owner' },
        summary.count,
      );
      return;
    }
    this.sendSummary(summary);
  }

  private sendSummary(summary: StormSummary): void {
    const kind = summary.key.startsWith(RATE_LIMIT_KEY_PREFIX) ? 'rate_limit' : 'storm';
    const finding = buildSummaryFinding(summary, this.now());
    if (finding === undefined) {
      this.logger.error(
        { stormId: summary.stormId, count: summary.count, kind },
        'a coalescing window closed without its sample finding; its count is in the metrics but no summary was sent',
      );
      return;
    }

    this.metrics.summaries.inc({ output: this.name, kind });
    this.summariesInFlight.set(finding.id, {
      summary: finding,
      stormId: summary.stormId,
      count: summary.count,
    });
    this.forward(finding, () => this.summariesInFlight.delete(finding.id));
  }

  private forward(finding: Finding, onSettled: SettleCallback): void {
    try {
      this.inner.enqueue(finding, onSettled);
    } catch (error) {
      // The inner channel rejects findings only after it was drained; the spool replays unsettled ones.
      this.logger.error(
        { err: error, findingId: finding.id },
        'the output was closed before the finding could be queued',
      );
    }
  }

  private settleAsCoalesced(finding: Finding, onSettled: SettleCallback): void {
    try {
      onSettled('coalesced');
    } catch (error) {
      this.logger.error(
        { err: error, findingId: finding.id },
        'onSettled callback threw; the finding counts as settled',
      );
    }
  }

  private countStoreError(operation: string, error: unknown, finding: Finding): void {
    this.metrics.storeErrors.inc({ output: this.name, operation });

    // An unreachable store fails every alert, so one line per interval carries the count.
    const nowMs = Date.now();
    if (nowMs - this.lastStoreErrorLogMs < STORE_ERROR_LOG_INTERVAL_MS) {
      this.storeErrorsNotLogged += 1;
      return;
    }
    this.logger.error(
      {
        err: error,
        operation,
        findingId: finding.id,
        suppressedSinceLastLog: this.storeErrorsNotLogged,
      },
      'coalescing store failed; findings are sent without coalescing until it recovers',
    );
    this.lastStoreErrorLogMs = nowMs;
    this.storeErrorsNotLogged = 0;
  }
}

/** Returns the log fields of unsettled summaries: their number, the alerts they count, and up to 20 ids. */
function describeSummaries(summaries: UnsettledSummary[]) {
  return {
    summaries: summaries.length,
    alertsInThem: summaries.reduce((sum, { count }) => sum + count, 0),
    findingIds: summaries.slice(0, 20).map(({ summary }) => summary.id),
    stormIds: summaries.slice(0, 20).map(({ stormId }) => stormId),
  };
}
