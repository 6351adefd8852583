import { Registry } from 'prom-client';

import { captureLogger } from '../../test/support/capture-logger';
import { makeFinding } from '../../test/support/findings';
import { MemoryDeadLetter } from '../../test/support/memory-dead-letter';
import { metricValue } from '../../test/support/metrics';
import { ScriptedAdapter, failAll } from '../../test/support/scripted-adapter';
import {
  DeliveryEngine,
  FAILING_DRAIN_MS,
  type DeliveryChannel,
  type DispatchOutcome,
} from './delivery-engine';
import { OutputChannel } from './output-channel';

function createEngine(): {
  engine: DeliveryEngine;
  registry: Registry;
  deadLetter: MemoryDeadLetter;
  siem: ScriptedAdapter;
  archive: ScriptedAdapter;
} {
  const registry = new Registry();
  const deadLetter = new MemoryDeadLetter();
  const { logger } = captureLogger();
  const siem = new ScriptedAdapter('siem', 10, (batch) => failAll(batch, false, 'HTTP 400'));
  const archive = new ScriptedAdapter('archive', 10);
  const channel = (adapter: ScriptedAdapter): OutputChannel =>
    new OutputChannel({ adapter, deadLetter, registry, logger, lingerMs: 0 });

  const engine = new DeliveryEngine({
    outputs: [
      { channel: channel(siem), route: { minPriority: 'Critical' } },
      { channel: channel(archive), route: { minPriority: 'Debug' } },
    ],
    deadLetter,
    registry,
    logger,
  });
  return { engine, registry, deadLetter, siem, archive };
}

/** Returns a channel that settles nothing unless `overrides` replace its methods. */
function stubChannel(name: string, overrides: Partial<DeliveryChannel> = {}): DeliveryChannel {
  return {
    name,
    enqueue: () => undefined,
    drain: async () => ({
      output: name,
      delivered: 0,
      deadLettered: 0,
      unsettled: 0,
      completed: true,
    }),
    close: async () => undefined,
    ...overrides,
  };
}

function dispatch(engine: DeliveryEngine, finding = makeFinding()): Promise<DispatchOutcome> {
  return new Promise((resolve) => engine.dispatch(finding, resolve));
}

describe('DeliveryEngine', () => {
  it('sends to matching outputs only', async () => {
    const { engine, siem, archive } = createEngine();

    const outcome = await dispatch(engine, makeFinding({ priority: 'Notice' }));

    expect(outcome).toEqual({ delivered: ['archive'], deadLettered: [], coalesced: [] });
    expect(siem.calls).toHaveLength(0);
    expect(archive.calls).toHaveLength(1);
  });

  it('reports outputs that coalesced', async () => {
    const registry = new Registry();
    const deadLetter = new MemoryDeadLetter();
    const { logger } = captureLogger();
    // A channel that folds every finding into a summary, as coalescing does for a storm.
    const folding = stubChannel('chat', {
      enqueue: (_finding, onSettled) => onSettled('coalesced'),
    });
    const engine = new DeliveryEngine({
      outputs: [{ channel: folding, route: { minPriority: 'Debug' } }],
      deadLetter,
      registry,
      logger,
    });

    const outcome = await dispatch(engine);

    expect(outcome).toEqual({ delivered: [], deadLettered: [], coalesced: ['chat'] });
  });

  it('settles after every output', async () => {
    const { engine, deadLetter } = createEngine();

    const outcome = await dispatch(engine, makeFinding({ priority: 'Critical' }));

    expect(outcome.delivered).toEqual(['archive']);
    expect(outcome.deadLettered).toEqual(['siem']);
    expect(deadLetter.records.map((record) => record.output)).toEqual(['siem']);
  });

  it('counts a finding no route matches', async () => {
    const registry = new Registry();
    const { logger } = captureLogger();
    const adapter = new ScriptedAdapter('pager', 1);
    const deadLetter = new MemoryDeadLetter();
    const engine = new DeliveryEngine({
      outputs: [
        {
          channel: new OutputChannel({ adapter, deadLetter, registry, logger }),
          route: { minPriority: 'Emergency' },
        },
      ],
      deadLetter,
      registry,
      logger,
    });
    const settled = jest.fn();

    const matched = engine.dispatch(makeFinding({ priority: 'Debug' }), settled);

    expect(matched).toBe(0);
    expect(settled).toHaveBeenCalledWith({ delivered: [], deadLettered: [], coalesced: [] });
    expect(await metricValue(registry, 'talaria_output_unrouted_total', {})).toBe(1);
  });

  it('skips outputs that settled before', async () => {
    const { engine, registry, siem, archive } = createEngine();

    const outcome = await new Promise<DispatchOutcome>((resolve) =>
      engine.dispatch(makeFinding({ priority: 'Critical' }), resolve, {
        settledBefore: new Set(['archive']),
      }),
    );

    expect(outcome).toEqual({
      delivered: [],
      deadLettered: ['siem'],
      coalesced: [],
      skipped: ['archive'],
    });
    expect(archive.calls).toHaveLength(0);
    expect(siem.calls).toHaveLength(1);
    expect(
      await metricValue(registry, 'talaria_output_skipped_as_settled_total', { output: 'archive' }),
    ).toBe(1);
  });

  it('settles at once when all skipped', async () => {
    const { engine, registry, archive } = createEngine();
    const settled = jest.fn();

    const matched = engine.dispatch(makeFinding({ priority: 'Notice' }), settled, {
      settledBefore: new Set(['archive', 'an-output-removed-since']),
    });

    expect(matched).toBe(0);
    expect(settled).toHaveBeenCalledWith({
      delivered: [],
      deadLettered: [],
      coalesced: [],
      skipped: ['archive'],
    });
    expect(archive.calls).toHaveLength(0);
    expect(await metricValue(registry, 'talaria_output_unrouted_total', {})).toBe(0);
  });

  it('reports each output as it settles', async () => {
    const { engine } = createEngine();
    const settledOutputs: Array<[string, number]> = [];

    await new Promise<DispatchOutcome>((resolve) =>
      engine.dispatch(makeFinding({ priority: 'Critical' }), resolve, {
        onOutputSettled: (output, remaining) => settledOutputs.push([output, remaining]),
      }),
    );

    expect(settledOutputs).toHaveLength(2);
    expect(settledOutputs.map(([output]) => output).sort()).toEqual(['archive', 'siem']);
    expect(settledOutputs.map(([, remaining]) => remaining)).toEqual([1, 0]);
  });

  it('sums findings held by failing outputs', () => {
    const registry = new Registry();
    const { logger } = captureLogger();
    const channel = (name: string, unsettledWhileFailing?: number) =>
      stubChannel(name, { unsettledWhileFailing });

    const engine = new DeliveryEngine({
      outputs: [
        { channel: channel('down', 3), route: { minPriority: 'Debug' } },
        { channel: channel('healthy', 0), route: { minPriority: 'Debug' } },
        { channel: channel('custom'), route: { minPriority: 'Debug' } },
        { channel: channel('also-down', 4), route: { minPriority: 'Debug' } },
      ],
      deadLetter: new MemoryDeadLetter(),
      registry,
      logger,
    });

    expect(engine.heldByFailingOutputs).toBe(7);
  });

  it('gives a failing output a short drain', async () => {
    const deadlines = new Map<string, number>();
    const recording = (name: string, unsettledWhileFailing: number, failing = false) =>
      stubChannel(name, {
        unsettledWhileFailing,
        failing,
        drain: async (deadlineMs) => {
          deadlines.set(name, deadlineMs);
          return { output: name, delivered: 0, deadLettered: 0, unsettled: 0, completed: true };
        },
      });
    const { logger } = captureLogger();
    const engine = new DeliveryEngine({
      outputs: [
        { channel: recording('down', 2), route: { minPriority: 'Debug' } },
        // Failing with nothing queued yet, as a coalescing channel before it sends its summaries.
        { channel: recording('summarising', 0, true), route: { minPriority: 'Debug' } },
        { channel: recording('healthy', 0), route: { minPriority: 'Debug' } },
      ],
      deadLetter: new MemoryDeadLetter(),
      registry: new Registry(),
      logger,
    });

    const deadline = Date.now() + 60_000;
    await engine.drain(deadline);

    expect(deadlines.get('healthy')).toBe(deadline);
    expect(deadlines.get('down')).toBeLessThanOrEqual(Date.now() + FAILING_DRAIN_MS);
    expect(deadlines.get('summarising')).toBeLessThanOrEqual(Date.now() + FAILING_DRAIN_MS);
  });

  it('rejects duplicate output names', () => {
    const registry = new Registry();
    const { logger } = captureLogger();
    const deadLetter = new MemoryDeadLetter();
    const channel = (): OutputChannel =>
      new OutputChannel({ adapter: new ScriptedAdapter('same', 1), deadLetter, registry, logger });

    expect(
      () =>
        new DeliveryEngine({
          outputs: [
            { channel: channel(), route: { minPriority: 'Debug' } },
            { channel: channel(), route: { minPriority: 'Debug' } },
          ],
          deadLetter,
          registry,
          logger,
        }),
    ).toThrow('output name "same" is used twice; give each output a unique name');
  });

  it('drains and closes every output and the dead letter', async () => {
    const { engine, deadLetter, siem, archive } = createEngine();
    engine.dispatch(makeFinding(), () => undefined);

    const reports = await engine.drain(Date.now() + 1000);
    await engine.close();

    expect(reports.map((report) => report.output)).toEqual(['siem', 'archive']);
    expect(reports.every((report) => report.completed)).toBe(true);
    expect(siem.closed).toBe(true);
    expect(archive.closed).toBe(true);
    expect(deadLetter.closed).toBe(true);
  });
});
