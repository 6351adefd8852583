import type { BatchedIngestResult } from '../scenarios/batched-ingest-scenario';
import type { SingleAlertsResult } from '../scenarios/single-alerts-scenario';
import { checkBelow, type LimitCheck } from './ratios';
import { TARGETS } from './targets';

export interface MemoryResult {
  /** Highest forwarder RSS sampled once a second over every forwarder load phase. */
  forwarderMaxRssBytes: LimitCheck;
  /** The same maximum for each phase, in bytes. */
  forwarderPhases: Record<string, number>;
  bareServerMaxRssBytes?: number;
}

/** Collects the RSS maxima of the load phases, or returns undefined when no forwarder phase ran. */
export function summariseMemory(
  single: SingleAlertsResult | undefined,
  batched: BatchedIngestResult | undefined,
): MemoryResult | undefined {
  const phases: Record<string, number> = {};
  single?.rounds.forEach((round, index) => {
    phases[`singleAlertsRound${index + 1}`] = round.forwarder.usage.serverMaxRssBytes;
  });
  if (single) phases.singleAlertsHalfRate = single.halfRate.usage.serverMaxRssBytes;
  batched?.rounds.forEach((round, index) => {
    phases[`batchedIngestRound${index + 1}`] = round.forwarder.usage.serverMaxRssBytes;
  });

  const maxima = Object.values(phases);
  if (maxima.length === 0) return undefined;

  return {
    forwarderMaxRssBytes: checkBelow(Math.max(...maxima), TARGETS.maxRssBytes),
    forwarderPhases: phases,
    bareServerMaxRssBytes: single
      ? Math.max(...single.rounds.map((round) => round.bare.usage.serverMaxRssBytes))
      : undefined,
  };
}
