import type { BatchedIngestResult } from '../scenarios/batched-ingest-scenario';
import type { SingleAlertsResult } from '../scenarios/single-alerts-scenario';
import { summariseMemory } from './memory-summary';

// Only the fields summariseMemory reads; the rest of a result does not matter here.
function usage(serverMaxRssBytes: number) {
  return { usage: { serverMaxRssBytes } };
}

function singleResult(forwarder: number[], halfRate: number, bare: number[]): SingleAlertsResult {
  return {
    rounds: forwarder.map((rss, index) => ({ forwarder: usage(rss), bare: usage(bare[index]) })),
    halfRate: usage(halfRate),
  } as unknown as SingleAlertsResult;
}

function batchedResult(forwarder: number[]): BatchedIngestResult {
  return {
    rounds: forwarder.map((rss) => ({ forwarder: usage(rss) })),
  } as unknown as BatchedIngestResult;
}

describe('summariseMemory', () => {
  it('reports the maximum of each scenario', () => {
    const memory = summariseMemory(
      singleResult([130e6, 137e6], 125e6, [70e6, 72e6]),
      batchedResult([310e6, 280e6]),
    );

    expect(memory?.singleAlertsMaxRssBytes).toBe(137e6);
    expect(memory?.batchedIngestMaxRssBytes).toBe(310e6);
    expect(memory?.forwarderMaxRssBytes.measured).toBe(310e6);
    expect(memory?.bareServerMaxRssBytes).toBe(72e6);
  });

  it('counts the half-rate phase as single alerts', () => {
    const memory = summariseMemory(singleResult([130e6], 140e6, [70e6]), undefined);

    expect(memory?.singleAlertsMaxRssBytes).toBe(140e6);
    expect(memory?.batchedIngestMaxRssBytes).toBeUndefined();
  });

  it('leaves out the scenario that did not run', () => {
    const memory = summariseMemory(undefined, batchedResult([190e6]));

    expect(memory?.singleAlertsMaxRssBytes).toBeUndefined();
    expect(memory?.bareServerMaxRssBytes).toBeUndefined();
    expect(memory?.forwarderMaxRssBytes.met).toBe(true);
  });

  it('returns nothing without a forwarder phase', () => {
    expect(summariseMemory(undefined, undefined)).toBeUndefined();
  });
});
