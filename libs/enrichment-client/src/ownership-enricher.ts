import type { Finding, OwnerInfo } from '@talaria/falco-event';
import { CircuitBreaker } from '@talaria/notifiers';
import type { EnrichStage } from '@talaria/pipeline';
import type { Logger } from '@talaria/telemetry';
import {
  resolveEnricherOptions,
  type OwnershipEnricherOptions,
  type ResolvedEnricherOptions,
} from './enricher-options';
import { EnrichmentError } from './enrichment-error';
import { EnrichmentMetrics } from './enrichment-metrics';
import { LookupBatcher } from './lookup-batcher';
import { toOwnerInfo } from './owner-info';
import { OwnershipHttpClient } from './ownership-http-client';
import type { OwnerAnswer, WorkloadQuery } from './resolve-wire';
import { TtlLruCache } from './ttl-lru-cache';
import { cacheKey, isResolvable, toWorkloadQuery } from './workload-query';

/** Failures are logged at most this often, with the count of those not logged. */
const FAILURE_LOG_INTERVAL_MS = 10_000;

type Outcome = { answer: OwnerAnswer } | { timedOut: true } | { error: unknown };

/**
 * The enrich stage backed by the ownership API. It never delays a finding
 * beyond `timeoutMs` and never throws: a lookup that times out, fails, or is
 * skipped while the circuit is open leaves the finding with an unknown owner
 * and the reason, and the finding goes on.
 */
export class OwnershipEnricher implements EnrichStage {
  readonly metrics: EnrichmentMetrics;
  private readonly options: ResolvedEnricherOptions;
  private readonly logger: Logger;
  private readonly cache: TtlLruCache<OwnerAnswer>;
  private readonly batcher: LookupBatcher;
  private readonly circuit: CircuitBreaker;
  private lastFailureLogAt = 0;
  private unloggedFailures = 0;

  constructor(options: OwnershipEnricherOptions, now: () => number = Date.now) {
    this.options = resolveEnricherOptions(options);
    this.logger = options.logger;
    this.metrics = new EnrichmentMetrics(options.registry);
    this.cache = new TtlLruCache(this.options.cacheSize, now);
    this.circuit = new CircuitBreaker(
      {
        failureThreshold: this.options.failureThreshold,
        cooldownMs: this.options.circuitCooldownMs,
      },
      now,
      (state) => this.onCircuitChange(state),
    );

    const client = new OwnershipHttpClient({
      url: this.options.url,
      token: this.options.token,
      requestTimeoutMs: this.options.timeoutMs,
    });
    this.batcher = new LookupBatcher({
      windowMs: this.options.batchWindowMs,
      maxBatchSize: this.options.maxBatchSize,
      send: (queries, keys) => this.send(client, queries, keys),
    });
  }

  async enrich(finding: Finding): Promise<OwnerInfo> {
    let owner: OwnerInfo;
    try {
      owner = await this.lookUp(finding);
    } catch (error) {
      // lookUp handles every expected failure; this catches a bug, so the finding still goes on.
      this.logger.error({ err: error, findingId: finding.id }, 'enrichment failed unexpectedly');
      this.metrics.failures.inc({ reason: 'internal' });
      owner = { status: 'unknown', reason: `enrichment failed: ${describe(error)}` };
    }
    this.metrics.owners.inc({ status: owner.status });
    return owner;
  }

  private async lookUp(finding: Finding): Promise<OwnerInfo> {
    const query = toWorkloadQuery(finding.workload);
    if (!isResolvable(query)) {
      return {
        status: 'unknown',
        reason: 'the finding names no namespace, pod, workload, image or AWS account',
      };
    }

    const key = cacheKey(query, finding.workload.workloadName);
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      this.metrics.cache.inc({ result: 'hit' });
      return toOwnerInfo(cached);
    }
    this.metrics.cache.inc({ result: 'miss' });

    if (!this.circuit.canSend()) {
      this.metrics.failures.inc({ reason: 'circuit_open' });
      return {
        status: 'unknown',
        reason: 'ownership API unavailable: circuit open after repeated failures',
      };
    }

    const outcome = await this.withTimeout(this.batcher.lookup(key, query));
    if ('answer' in outcome) return toOwnerInfo(outcome.answer);
    if ('timedOut' in outcome) {
      this.metrics.timeouts.inc();
      return {
        status: 'unknown',
        reason: `ownership lookup timed out after ${this.options.timeoutMs} ms`,
      };
    }

    const reason = outcome.error instanceof EnrichmentError ? outcome.error.reason : 'network';
    this.metrics.failures.inc({ reason });
    return { status: 'unknown', reason: `ownership lookup failed: ${describe(outcome.error)}` };
  }

  private withTimeout(lookup: Promise<OwnerAnswer>): Promise<Outcome> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ timedOut: true }), this.options.timeoutMs);
      lookup.then(
        (answer) => {
          clearTimeout(timer);
          resolve({ answer });
        },
        (error: unknown) => {
          clearTimeout(timer);
          resolve({ error });
        },
      );
    });
  }

  /** Sends one batch, caching its results even when the findings that requested them have already timed out. */
  private async send(
    client: OwnershipHttpClient,
    queries: WorkloadQuery[],
    keys: string[],
  ): Promise<OwnerAnswer[]> {
    if (!this.circuit.tryAcquire()) {
      throw new EnrichmentError('network', 'circuit open after repeated failures');
    }
    this.metrics.requests.inc();

    try {
      const answers = await client.resolve(queries);
      this.circuit.recordSuccess();
      answers.forEach((answer, index) => {
        const ttl =
          answer.status === 'known' ? this.options.cacheTtlMs : this.options.negativeCacheTtlMs;
        this.cache.set(keys[index], answer, ttl);
      });
      return answers;
    } catch (error) {
      this.circuit.recordFailure();
      this.logFailure(error, queries.length);
      throw error;
    }
  }

  private logFailure(error: unknown, identities: number): void {
    const now = Date.now();
    if (now - this.lastFailureLogAt < FAILURE_LOG_INTERVAL_MS) {
      this.unloggedFailures += 1;
      return;
    }
    this.logger.error(
      { err: error, url: this.options.url, identities, failuresNotLogged: this.unloggedFailures },
      'ownership lookup failed; findings go on with an unknown owner',
    );
    this.lastFailureLogAt = now;
    this.unloggedFailures = 0;
  }

  private onCircuitChange(state: string): void {
    this.metrics.circuitOpen.set(state === 'open' ? 1 : 0);
    this.logger.warn({ state, url: this.options.url }, 'ownership API circuit changed state');
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
