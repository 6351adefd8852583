import type { Finding, OwnerInfo } from '@talaria/falco-event';
import type { DeliveryEngine, DispatchOptions } from '@talaria/notifiers';
import type { Logger } from '@talaria/telemetry';
import type { PipelineMetrics } from './pipeline-metrics';
import type { EnrichStage, FilterStage, PipelineOutcome } from './stages';

export interface PipelineOptions {
  /** Filters that run before enrichment, for the cheap checks that need no owner. */
  filters: FilterStage[];
  /** Filters that run after enrichment, so they can match on `owner.*`. */
  filtersAfterEnrichment?: FilterStage[];
  /** Absent until an ownership source is configured; their `owner.reason` then states that. */
  enricher?: EnrichStage;
  /** Routes each finding to its outputs and reports when all of them settled. */
  delivery: DeliveryEngine;
  metrics: PipelineMetrics;
  logger: Logger;
}

export type OutcomeListener = (outcome: PipelineOutcome) => void;

const NOT_ENRICHED: OwnerInfo = { status: 'unknown', reason: 'enrichment is not configured' };

/**
 * Runs findings through filter, enrich, route and deliver. Validation and
 * stamping happen before, at ingest, because the sender needs their verdict
 * in the reply. The listener hears once per finding, after every output it
 * was routed to has delivered or dead-lettered it.
 */
export class Pipeline {
  private readonly options: PipelineOptions;
  private inFlight = 0;
  private waiters: Array<{ below: number; wake: () => void }> = [];

  constructor(options: PipelineOptions) {
    this.options = options;
  }

  /** Findings handed to `process` whose outputs have not all settled yet. */
  get pending(): number {
    return this.inFlight;
  }

  /** Findings in flight that only wait for outputs that are failing; see DeliveryEngine.heldByFailingOutputs. */
  get heldByFailingOutputs(): number {
    return this.options.delivery.heldByFailingOutputs;
  }

  /** True while a healthy output's queue is nearly full; callers should hold new findings back. */
  get backlogged(): boolean {
    return this.options.delivery.backlogged;
  }

  /**
   * Runs one finding through the stages. `dispatch` goes to the delivery
   * engine with it, for example to skip outputs that settled a replayed
   * finding before a restart.
   */
  process(finding: Finding, onOutcome: OutcomeListener, dispatch?: DispatchOptions): void {
    this.inFlight += 1;
    this.options.metrics.processed.inc();

    const finish = (outcome: PipelineOutcome) => {
      this.inFlight -= 1;
      if (this.waiters.length > 0) this.wakeWaiters();
      onOutcome(outcome);
    };

    const suppressedBy = this.findSuppressingFilter(finding, this.options.filters);
    if (suppressedBy !== undefined) {
      finish(suppressedOutcome(finding.id, suppressedBy));
      return;
    }

    if (!this.options.enricher) {
      finding.owner = NOT_ENRICHED;
      this.filterLateAndDeliver(finding, finish, dispatch);
      return;
    }

    this.options.enricher.enrich(finding).then(
      (owner) => {
        finding.owner = owner;
        this.filterLateAndDeliver(finding, finish, dispatch);
      },
      (error: unknown) => {
        // Enrichers must not throw; if one does, the finding still goes out.
        this.options.logger.error(
          { err: error, findingId: finding.id, rule: finding.alert.rule },
          'enrichment failed; delivering the finding without an owner',
        );
        finding.owner = { status: 'unknown', reason: 'enrichment failed' };
        this.filterLateAndDeliver(finding, finish, dispatch);
      },
    );
  }

  /** Resolves true when no finding is in flight, or false when `deadline` (epoch ms) passes first. */
  waitUntilIdle(deadline: number): Promise<boolean> {
    if (this.inFlight === 0) return Promise.resolve(true);

    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
      this.waiters.push({
        below: 1,
        wake: () => {
          clearTimeout(timer);
          resolve(true);
        },
      });
    });
  }

  /**
   * Resolves once fewer than `count` findings are in flight, or after
   * `maxWaitMs` when given, so a caller can check other conditions again.
   * Callers use it for backpressure.
   */
  waitUntilBelow(count: number, maxWaitMs?: number): Promise<void> {
    if (this.inFlight < count) return Promise.resolve();

    return new Promise((resolve) => {
      const waiter = { below: count, wake: resolve };
      this.waiters.push(waiter);
      if (maxWaitMs === undefined) return;

      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((other) => other !== waiter);
        resolve();
      }, maxWaitMs);
      waiter.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private filterLateAndDeliver(
    finding: Finding,
    finish: (outcome: PipelineOutcome) => void,
    dispatch: DispatchOptions | undefined,
  ): void {
    const suppressedBy = this.findSuppressingFilter(
      finding,
      this.options.filtersAfterEnrichment ?? [],
    );
    if (suppressedBy !== undefined) {
      finish(suppressedOutcome(finding.id, suppressedBy));
      return;
    }
    this.deliver(finding, finish, dispatch);
  }

  private findSuppressingFilter(finding: Finding, filters: FilterStage[]): string | undefined {
    for (const filter of filters) {
      const verdict = filter.check(finding);
      if (verdict.suppress) {
        this.options.metrics.suppressed.inc({ filter: verdict.filter });
        return verdict.filter;
      }
    }
    return undefined;
  }

  private deliver(
    finding: Finding,
    finish: (outcome: PipelineOutcome) => void,
    dispatch: DispatchOptions | undefined,
  ): void {
    const receivedAt = Date.parse(finding.receivedAt);

    this.options.delivery.dispatch(
      finding,
      (dispatched) => {
        const seconds = (Date.now() - receivedAt) / 1000;
        for (const output of dispatched.delivered) {
          this.options.metrics.endToEndLatency.observe({ output }, seconds);
        }
        finish({ findingId: finding.id, ...dispatched });
      },
      dispatch,
    );
  }

  private wakeWaiters(): void {
    const ready = this.waiters.filter((waiter) => this.inFlight < waiter.below);
    if (ready.length === 0) return;
    this.waiters = this.waiters.filter((waiter) => this.inFlight >= waiter.below);
    for (const waiter of ready) waiter.wake();
  }
}

/** Builds the outcome of a finding that a filter suppressed, so no output saw it. */
function suppressedOutcome(findingId: string, suppressedBy: string): PipelineOutcome {
  return { findingId, suppressedBy, delivered: [], deadLettered: [], coalesced: [] };
}
