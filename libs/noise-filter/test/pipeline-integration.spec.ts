import { Registry } from 'prom-client';
import type { Finding } from '@talaria/falco-event';
import {
  DeliveryEngine,
  OutputChannel,
  type DeadLetterRecord,
  type OutputAdapter,
  type SendResult,
} from '@talaria/notifiers';
import {
  createMinPriorityFilter,
  Pipeline,
  PipelineMetrics,
  type PipelineOutcome,
} from '@talaria/pipeline';
import { createLogger } from '@talaria/telemetry';
import { NoiseFilterStage } from '../src';
import { compileYaml } from './support/filters';
import { makeFinding } from './support/findings';
import { metricValue } from './support/telemetry';

class MemoryOutput implements OutputAdapter {
  readonly type = 'memory';
  readonly maxBatchSize = 10;
  readonly name = 'memory';
  readonly received: Finding[] = [];

  async send(batch: Finding[]): Promise<SendResult> {
    this.received.push(...batch);
    return { failed: [] };
  }
}

describe('NoiseFilterStage in a pipeline', () => {
  it('suppresses by filter name and delivers the rest', async () => {
    const registry = new Registry();
    const logger = createLogger({ level: 'silent' });
    const deadLetter = {
      write: async (_records: DeadLetterRecord[]) => undefined,
      close: async () => undefined,
    };
    const output = new MemoryOutput();
    const channel = new OutputChannel({
      adapter: output,
      deadLetter,
      registry,
      logger,
      lingerMs: 1,
    });
    const delivery = new DeliveryEngine({
      outputs: [{ channel, route: { minPriority: 'Debug' } }],
      deadLetter,
      registry,
      logger,
    });
    const filters = compileYaml(
      'filters:\n  - { name: loadtest, reason: load tests, owner: perf, match: { k8s.ns.name: loadtest } }\n',
    );
    const pipeline = new Pipeline({
      filters: [
        createMinPriorityFilter('Debug'),
        new NoiseFilterStage({ filters, registry, logger }),
      ],
      delivery,
      metrics: new PipelineMetrics(registry),
      logger,
    });
    const process = (finding: Finding) =>
      new Promise<PipelineOutcome>((resolve) => pipeline.process(finding, resolve));

    const suppressed = await process(makeFinding({ fields: { 'k8s.ns.name': 'loadtest' } }));
    const delivered = await process(makeFinding({ fields: { 'k8s.ns.name': 'payments' } }));

    expect(suppressed.suppressedBy).toBe('loadtest');
    expect(delivered.delivered).toEqual(['memory']);
    expect(output.received).toHaveLength(1);
    expect(
      await metricValue(registry, 'talaria_pipeline_suppressed_total', { filter: 'loadtest' }),
    ).toBe(1);
  });
});
