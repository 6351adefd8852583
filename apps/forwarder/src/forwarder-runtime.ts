import { join } from 'node:path';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { createMinPriorityFilter, Pipeline, PipelineMetrics } from '@talaria/pipeline';
import { Spool } from '@talaria/spool';
import type { Logger } from '@talaria/telemetry';
import { IngestCredentials } from './auth/ingest-credentials';
import type { ForwarderConfig } from './config';
import { DEFAULT_MAX_QUEUE, FileDeadLetterSink, type DeliveryEngine } from '@talaria/notifiers';
import type { ReloadResult } from '@talaria/noise-filter';
import { buildDeliveryEngine } from './delivery/build-outputs';
import { buildEnricher } from './delivery/build-enricher';
import { ForwarderNoise } from './delivery/noise-setup';
import { OutputReceipts, RECEIPTS_FILE_NAME } from './delivery/output-receipts';
import { SpoolConsumer } from './delivery/spool-consumer';
import { AlertIntake } from './ingest/alert-intake';
import { IngestMetrics } from './ingest/ingest-metrics';

/**
 * Most findings between the spool and the outputs at once; beyond it the spool
 * keeps the backlog. It is a fifth of an output queue, so findings on their
 * way through the pipeline do not overflow a queue into dead letters. Under a
 * batched flood, 2,000 in place of 5,000 kept the same delivered rate and
 * lowered peak RSS by about 70 MB, because fewer findings live long enough to
 * reach the old generation.
 */
const MAX_IN_FLIGHT = DEFAULT_MAX_QUEUE / 5;

interface RuntimeParts {
  config: ForwarderConfig;
  logger: Logger;
  registry: Registry;
  credentials: IngestCredentials;
  ingestMetrics: IngestMetrics;
  spool: Spool;
  delivery: DeliveryEngine;
  noise: ForwarderNoise;
  pipeline: Pipeline;
  receipts: OutputReceipts;
  consumer: SpoolConsumer;
  intake: AlertIntake;
}

/**
 * Everything the forwarder runs, built from its configuration and free of
 * HTTP, so tests and other shells can start it without a server.
 */
export class ForwarderRuntime {
  readonly config: ForwarderConfig;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly credentials: IngestCredentials;
  readonly ingestMetrics: IngestMetrics;
  readonly spool: Spool;
  readonly delivery: DeliveryEngine;
  /** Filter files, their reload, and storm coalescing of the outputs. */
  readonly noise: ForwarderNoise;
  readonly pipeline: Pipeline;
  readonly intake: AlertIntake;
  private readonly receipts: OutputReceipts;
  private readonly consumer: SpoolConsumer;
  private draining = false;
  private started = false;

  private constructor(parts: RuntimeParts) {
    this.config = parts.config;
    this.logger = parts.logger;
    this.registry = parts.registry;
    this.credentials = parts.credentials;
    this.ingestMetrics = parts.ingestMetrics;
    this.spool = parts.spool;
    this.delivery = parts.delivery;
    this.noise = parts.noise;
    this.pipeline = parts.pipeline;
    this.receipts = parts.receipts;
    this.consumer = parts.consumer;
    this.intake = parts.intake;
  }

  static async create(config: ForwarderConfig, logger: Logger): Promise<ForwarderRuntime> {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'talaria_' });
    const credentials = new IngestCredentials(config);
    const ingestMetrics = new IngestMetrics(registry);

    const { delivery, noise } = await ForwarderRuntime.buildDelivery(config, logger, registry);
    const pipeline = new Pipeline({
      // Noise filters run after enrichment so that they can match on owner.*.
      filters: [createMinPriorityFilter(config.minPriority)],
      filtersAfterEnrichment: [noise.filterStage],
      enricher: buildEnricher(config, logger, registry),
      delivery,
      metrics: new PipelineMetrics(registry),
      logger,
    });

    const spool = await Spool.open({
      directory: config.spool.directory,
      maxBytes: config.spool.maxBytes,
      segmentBytes: config.spool.segmentBytes,
      maxMemoryEntries: config.spool.maxMemoryEntries,
      fsync: config.spool.fsync,
      writeMode: config.spool.writeMode,
      logger,
      registry,
    });

    const receipts = await OutputReceipts.open({
      path: join(config.spool.directory, RECEIPTS_FILE_NAME),
      logger,
    });
    const consumer = new SpoolConsumer(spool, pipeline, receipts, logger, registry, MAX_IN_FLIGHT);
    const intake = new AlertIntake(spool, ingestMetrics, logger);
    const runtime = new ForwarderRuntime({
      config,
      logger,
      registry,
      credentials,
      ingestMetrics,
      spool,
      delivery,
      noise,
      pipeline,
      receipts,
      consumer,
      intake,
    });
    runtime.registerGauges();
    return runtime;
  }

  /**
   * Builds the noise control and the delivery engine around one dead-letter
   * file, closing what was built when a later part fails.
   */
  private static async buildDelivery(
    config: ForwarderConfig,
    logger: Logger,
    registry: Registry,
  ): Promise<{ delivery: DeliveryEngine; noise: ForwarderNoise }> {
    const deadLetter = new FileDeadLetterSink({
      path: config.deadLetter.path,
      maxBytes: config.deadLetter.maxBytes,
      logger,
    });

    let noise: ForwarderNoise;
    try {
      noise = await ForwarderNoise.create(config, { logger, registry, deadLetter });
    } catch (error) {
      await deadLetter.close();
      throw error;
    }

    let delivery: DeliveryEngine | undefined;
    try {
      delivery = await buildDeliveryEngine(config, logger, registry, {
        deadLetter,
        decorateChannel: noise.control.decorateChannel,
      });
      noise.checkOutputNames(delivery.outputNames);
      return { delivery, noise };
    } catch (error) {
      await noise.close();
      if (delivery !== undefined) await delivery.close();
      else await deadLetter.close();
      throw error;
    }
  }

  /** Reloads the filter files on SIGHUP. Invalid files are rejected and the previous filters stay in effect. */
  reloadFilters(trigger: 'signal' | 'request' = 'request'): Promise<ReloadResult> {
    return this.noise.reloadFilters(trigger);
  }

  /** Starts moving spooled alerts, including those a previous run left, to the outputs. */
  start(): void {
    this.consumer.start();
    this.started = true;
  }

  /** Ready while started, not draining, and the spool has room. */
  isReady(): boolean {
    return this.started && !this.draining && !this.spool.full;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /** Turns readiness false so load balancers stop sending before the server closes. */
  beginDraining(): void {
    this.draining = true;
  }

  /**
   * Delivers what is in flight until the grace period ends, then closes the
   * spool; entries not yet acknowledged stay on disk for the next start.
   */
  async drain(): Promise<{ leftInSpool: number }> {
    this.draining = true;
    const graceSeconds = this.config.shutdown.graceSeconds;
    const deadline = Date.now() + graceSeconds * 1000;
    const settledBefore = await this.settledPerOutput();
    this.logger.info({ graceSeconds }, 'draining the forwarder');

    await this.waitUntilDelivered(deadline);
    await this.noise.drain(deadline);
    const reports = await this.delivery.drain(deadline);
    const leftInSpool = this.spool.stats().pendingEntries;
    await this.spool.close();
    await this.consumer.stop();
    // The suppressed-events output writes to the engine's dead letter, which the engine closes.
    await this.noise.close();
    await this.delivery.close();
    // After the outputs closed, so every settlement of this run is in the file.
    await this.receipts.close();

    // Unsettled findings without a spool entry, such as storm summaries, are dead-lettered or logged as lost by their channel.
    const unsettled = reports
      .filter((report) => report.unsettled > (report.unreplayable ?? 0))
      .map((report) => report.output);
    if (unsettled.length > 0)
      this.logger.warn(
        { outputs: unsettled, leftInSpool },
        'the drain ended before these outputs settled; their alerts stay in the spool for the next start',
      );
    const settledAfter = await this.settledPerOutput();
    const outputs = this.delivery.outputNames;
    this.logger.info(
      {
        leftInSpool,
        deliveredWhileDraining: countsSince(
          outputs,
          settledBefore.delivered,
          settledAfter.delivered,
        ),
        deadLetteredWhileDraining: countsSince(
          outputs,
          settledBefore.deadLettered,
          settledAfter.deadLettered,
        ),
      },
      'forwarder drained',
    );
    return { leftInSpool };
  }

  /**
   * Reads the delivery counters per output. The outputs' own drain lines
   * cover only their last step, while findings also settle during the wait
   * for the spool that comes first.
   */
  private async settledPerOutput(): Promise<{
    delivered: Map<string, number>;
    deadLettered: Map<string, number>;
  }> {
    return {
      delivered: await counterPerOutput(this.registry, 'talaria_output_delivered_total'),
      deadLettered: await counterPerOutput(this.registry, 'talaria_output_dead_lettered_total'),
    };
  }

  /**
   * Waits until the spool is empty, or until every finding left waits only for
   * outputs whose circuit is open. Those findings stay in the spool for the
   * next start, so waiting out the grace period for them gains nothing.
   */
  private async waitUntilDelivered(deadline: number): Promise<void> {
    while (Date.now() < deadline && this.spool.stats().pendingEntries > 0) {
      if (this.onlyFailingOutputsLeft()) {
        this.logger.info(
          { leftForFailingOutputs: this.pipeline.pending },
          'only failing outputs (circuit open or half-open) have findings left; ending the drain early',
        );
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private onlyFailingOutputsLeft(): boolean {
    const { inMemoryEntries, diskOnlyEntries } = this.spool.stats();
    if (inMemoryEntries + diskOnlyEntries > 0) return false;

    const pending = this.pipeline.pending;
    return pending > 0 && pending <= this.pipeline.heldByFailingOutputs;
  }

  private registerGauges(): void {
    const inFlight: Gauge = new Gauge({
      name: 'talaria_pipeline_in_flight',
      help: 'Findings taken from the spool whose outputs have not all settled.',
      registers: [this.registry],
      collect: () => inFlight.set(this.pipeline.pending),
    });
    this.ingestMetrics.onCollectReady(() => (this.isReady() ? 1 : 0));
  }
}

/** Sums a counter's values per `output` label; an unregistered counter reads as empty. */
async function counterPerOutput(registry: Registry, name: string): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  const metric = registry.getSingleMetric(name);
  if (metric === undefined) return totals;

  for (const { labels, value } of (await metric.get()).values) {
    const output = String(labels.output);
    totals.set(output, (totals.get(output) ?? 0) + value);
  }
  return totals;
}

/** Returns the growth of each output's count as an object for the log line, with 0 for outputs never counted. */
function countsSince(
  outputs: readonly string[],
  before: Map<string, number>,
  after: Map<string, number>,
): Record<string, number> {
  const growth: Record<string, number> = {};
  for (const output of outputs)
    growth[output] = (after.get(output) ?? 0) - (before.get(output) ?? 0);
  return growth;
}
