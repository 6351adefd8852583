import type { BatchedIngestResult } from '../scenarios/batched-ingest-scenario';
import type { PacedAlertsResult } from '../scenarios/paced-alerts-scenario';
import type { SingleAlertsResult } from '../scenarios/single-alerts-scenario';
import { checkBelow, type LimitCheck } from './ratios';
import { TARGETS } from './targets';

export interface MemoryResult {
  /** Highest forwarder RSS sampled once a second over every forwarder load phase. */
  forwarderMaxRssBytes: LimitCheck;
  /** The same maximum for each phase, in bytes. */
  forwarderPhases: Record<string, number>;
  /** Highest forwarder RSS in the single-alert phases, when they ran. */
  singleAlertsMaxRssBytes?: number;
  /** Highest forwarder RSS in the batched phases, when they ran. */
  batchedIngestMaxRssBytes?: number;
  /** Highest forwarder RSS in the paced phases, when they ran. */
  pacedAlertsMaxRssBytes?: number;
  bareServerMaxRssBytes?: number;
}

/** Collects the RSS maxima of the load phases, or returns undefined when no forwarder phase ran. */
export function summariseMemory(
  single: SingleAlertsResult | undefined,
  batched: BatchedIngestResult | undefined,
  paced?: PacedAlertsResult,
): MemoryResult | undefined {
  const singlePhases: Record<string, number> = {};
  single?.rounds.forEach((round, index) => {
    singlePhases[`singleAlertsRound${index + 1}`] = round.forwarder.usage.serverMaxRssBytes;
  });
  if (single) singlePhases.singleAlertsHalfRate = single.halfRate.usage.serverMaxRssBytes;

  const batchedPhases: Record<string, number> = {};
  batched?.rounds.forEach((round, index) => {
    batchedPhases[`batchedIngestRound${index + 1}`] = round.forwarder.usage.serverMaxRssBytes;
  });

  const pacedPhases: Record<string, number> = {};
  paced?.rounds.forEach((round, index) => {
    pacedPhases[`pacedAlertsRound${index + 1}`] = round.forwarder.usage.serverMaxRssBytes;
  });

  const phases = { ...singlePhases, ...batchedPhases, ...pacedPhases };
  const maxima = Object.values(phases);
  if (maxima.length === 0) return undefined;

  return {
    forwarderMaxRssBytes: checkBelow(Math.max(...maxima), TARGETS.maxRssBytes),
    forwarderPhases: phases,
    singleAlertsMaxRssBytes: highest(singlePhases),
    batchedIngestMaxRssBytes: highest(batchedPhases),
    pacedAlertsMaxRssBytes: highest(pacedPhases),
    bareServerMaxRssBytes: single
      ? Math.max(...single.rounds.map((round) => round.bare.usage.serverMaxRssBytes))
      : undefined,
  };
}

function highest(phases: Record<string, number>): number | undefined {
  const maxima = Object.values(phases);
  return maxima.length === 0 ? undefined : Math.max(...maxima);
}
