import type { Finding, OwnerInfo } from '@talaria/falco-event';
import {
  DeliveryEngine,
  OutputChannel,
  type DeadLetterRecord,
  type OutputAdapter,
  type SendResult,
} from '@talaria/notifiers';
import { createLogger } from '@talaria/telemetry';
import { Registry } from 'prom-client';
import { createMinPriorityFilter } from './min-priority-filter';
import { Pipeline } from './pipeline';
import { PipelineMetrics } from './pipeline-metrics';
import type { EnrichStage, FilterStage, PipelineOutcome } from './stages';

/** An output that keeps what it receives, or rejects every send without retry. */
class MemoryOutput implements OutputAdapter {
  readonly type = 'memory';
  readonly maxBatchSize = 10;
  readonly received: Finding[] = [];

  constructor(
    readonly name: string,
    private readonly failing = false,
  ) {}

  async send(batch: Finding[]): Promise<SendResult> {
    if (this.failing)
      return {
        failed: batch.map((finding) => ({ finding, reason: 'rejected by test', retryable: false })),
      };
    this.received.push(...batch);
    return { failed: [] };
  }
}

function finding(priority: Finding['priority'], rule = 'Terminal shell in container'): Finding {
  return {
    schema: 'talaria.finding/v1',
    id: `id-${Math.random().toString(16).slice(2)}`,
    fingerprint: 'f',
    receivedAt: new Date().toISOString(),
    cluster: 'c',
    region: 'r',
    priority,
    timeMs: Date.now(),
    workload: { cluster: 'c', region: 'r' },
    owner: { status: 'unknown', reason: 'not enriched' },
    alert: { rule, priority, time: new Date().toISOString() },
  };
}

function build(
  options: { enricher?: EnrichStage; failing?: boolean; minPriority?: Finding['priority'] } = {},
) {
  const registry = new Registry();
  const logger = createLogger({ level: 'silent' });
  const deadLetters: DeadLetterRecord[] = [];
  const deadLetter = {
    write: async (records: DeadLetterRecord[]) => void deadLetters.push(...records),
    close: async () => undefined,
  };
  const all = new MemoryOutput('all', options.failing);
  const critical = new MemoryOutput('critical');
  const channel = (adapter: OutputAdapter) =>
    new OutputChannel({ adapter, deadLetter, registry, logger, lingerMs: 1 });

  const delivery = new DeliveryEngine({
    outputs: [
      { channel: channel(all), route: { minPriority: 'Debug' } },
      { channel: channel(critical), route: { minPriority: 'Critical' } },
    ],
    deadLetter,
    registry,
    logger,
  });
  const pipeline = new Pipeline({
    filters: [createMinPriorityFilter(options.minPriority ?? 'Debug')],
    enricher: options.enricher,
    filtersAfterEnrichment: options.filtersAfterEnrichment,
    delivery,
    metrics: new PipelineMetrics(registry),
    logger,
  });
  return { pipeline, all, critical, registry, deadLetters };
}

function processed(pipeline: Pipeline, item: Finding): Promise<PipelineOutcome> {
  return new Promise((resolve) => pipeline.process(item, resolve));
}

describe('Pipeline', () => {
  it('routes a finding to every output whose route matches', async () => {
    const { pipeline, all, critical } = build();

    const notice = await processed(pipeline, finding('Notice'));
    const emergency = await processed(pipeline, finding('Emergency'));

    expect(notice.delivered).toEqual(['all']);
    expect(emergency.delivered.sort()).toEqual(['all', 'critical']);
    expect(all.received).toHaveLength(2);
    expect(critical.received).toHaveLength(1);
  });

  it('suppresses findings below the minimum priority and names the filter', async () => {
    const { pipeline, all, registry } = build({ minPriority: 'Warning' });

    const outcome = await processed(pipeline, finding('Informational'));
    const metrics = await registry.getSingleMetricAsString('talaria_pipeline_suppressed_total');

    expect(outcome.suppressedBy).toBe('min_priority');
    expect(all.received).toHaveLength(0);
    expect(metrics).toContain('talaria_pipeline_suppressed_total{filter="min_priority"} 1');
  });

  it('passes dispatch options to delivery', async () => {
    const enricher: EnrichStage = {
      enrich: async () => ({ status: 'unknown', reason: 'no owner in the test' }),
    };
    const { pipeline, all, critical } = build({ enricher });
    const settledOutputs: string[] = [];

    const outcome = await new Promise<PipelineOutcome>((resolve) =>
      pipeline.process(finding('Critical'), resolve, {
        settledBefore: new Set(['all']),
        onOutputSettled: (output) => settledOutputs.push(output),
      }),
    );

    expect(outcome.delivered).toEqual(['critical']);
    expect(outcome.skipped).toEqual(['all']);
    expect(settledOutputs).toEqual(['critical']);
    expect(all.received).toHaveLength(0);
    expect(critical.received).toHaveLength(1);
  });

  it('reports dead-lettered outputs in the outcome', async () => {
    const { pipeline, deadLetters } = build({ failing: true });

    const outcome = await processed(pipeline, finding('Warning'));

    expect(outcome.deadLettered).toEqual(['all']);
    expect(deadLetters).toHaveLength(1);
  });

  it('marks findings unenriched when no enricher is configured', async () => {
    const { pipeline, all } = build();

    await processed(pipeline, finding('Warning'));

    expect(all.received[0].owner).toEqual({
      status: 'unknown',
      reason: 'enrichment is not configured',
    });
  });

  it('delivers with an unknown owner when the enricher throws', async () => {
    const enricher: EnrichStage = {
      enrich: async (): Promise<OwnerInfo> => Promise.reject(new Error('boom')),
    };
    const { pipeline, all } = build({ enricher });

    const outcome = await processed(pipeline, finding('Warning'));

    expect(outcome.delivered).toEqual(['all']);
    expect(all.received[0].owner).toEqual({ status: 'unknown', reason: 'enrichment failed' });
  });

  it('counts findings in flight until their outputs settle', async () => {
    const { pipeline } = build();

    const outcome = processed(pipeline, finding('Warning'));
    expect(pipeline.pending).toBe(1);
    await outcome;

    expect(pipeline.pending).toBe(0);
    expect(await pipeline.waitUntilIdle(Date.now() + 1000)).toBe(true);
  });

  it('waits for room at most maxWaitMs', async () => {
    let release: (owner: OwnerInfo) => void = () => undefined;
    const enricher: EnrichStage = {
      enrich: () => new Promise<OwnerInfo>((resolve) => (release = resolve)),
    };
    const { pipeline } = build({ enricher });
    const outcome = processed(pipeline, finding('Warning'));

    await pipeline.waitUntilBelow(1, 20);
    expect(pipeline.pending).toBe(1);

    const room = pipeline.waitUntilBelow(1, 60_000);
    release({ status: 'unknown', reason: 'released by the test' });
    await outcome;
    await room;
    expect(pipeline.pending).toBe(0);
  });
});

describe('Pipeline filters after enrichment', () => {
  it('lets a late filter match on the owner', async () => {
    const enricher: EnrichStage = {
      enrich: async (): Promise<OwnerInfo> => ({
        status: 'known',
        service: 'ledger',
        team: 'payments',
        matchedBy: 'workload',
      }),
    };
    const ownerFilter: FilterStage = {
      name: 'payments-team-noise',
      check: (item: Finding) =>
        item.owner.status === 'known' && item.owner.team === 'payments'
          ? { suppress: true as const, filter: 'payments-team-noise', reason: 'known noise' }
          : { suppress: false as const },
    };
    const { pipeline, all } = build({ enricher, filtersAfterEnrichment: [ownerFilter] });

    const outcome = await processed(pipeline, finding('Warning'));

    expect(outcome.suppressedBy).toBe('payments-team-noise');
    expect(all.received).toHaveLength(0);
  });
});
