import type { BenchOptions } from '../bench-options';
import type { ProfileSummary } from '../profile/cpu-profile-summary';
import type { BatchedIngestResult } from '../scenarios/batched-ingest-scenario';
import type { DeliveryCheck } from '../scenarios/delivery-check';
import type { PacedAlertsResult } from '../scenarios/paced-alerts-scenario';
import type { SingleAlertsResult } from '../scenarios/single-alerts-scenario';
import type { MachineInfo } from './machine-info';
import type { MemoryResult } from './memory-summary';
import type { SourceRevision } from './source-revision';

/** Everything one run measured, as written to the results file. */
export interface BenchResults {
  schema: 'talaria.bench/v1';
  startedAt: string;
  finishedAt: string;
  machine: MachineInfo;
  source?: SourceRevision;
  settings: Omit<BenchOptions, 'json' | 'help' | 'outputPath' | 'samplesPath'>;
  alerts: { source: string; count: number; skippedLines: number };
  singleAlerts?: SingleAlertsResult;
  batchedIngest?: BatchedIngestResult;
  pacedAlerts?: PacedAlertsResult;
  memory?: MemoryResult;
  /** Present when the forwarder ran under --cpu-prof. Profiling slows it, so such a run measures lower rates. */
  cpuProfiles?: ProfileSummary[];
}

/** Lists the problems that make the run's figures untrustworthy, as sentences. */
export function findMeasurementProblems(results: BenchResults): string[] {
  const problems: string[] = [];
  const single = results.singleAlerts;
  const batched = results.batchedIngest;
  const paced = results.pacedAlerts;

  if (single) {
    single.rounds.forEach((round, index) => {
      problems.push(
        ...loadProblems(`single alerts round ${index + 1}, bare server`, round.bare.load),
      );
      problems.push(
        ...loadProblems(`single alerts round ${index + 1}, forwarder`, round.forwarder.load),
      );
    });
    problems.push(...loadProblems('single alerts, forwarder at half rate', single.halfRate.load));
    if (!single.delivery.complete) problems.push(deliveryProblem('single alerts', single.delivery));
  }
  if (batched) {
    batched.rounds.forEach((round, index) => {
      problems.push(
        ...loadProblems(`batched ingest round ${index + 1}, forwarder`, round.forwarder.load),
      );
    });
    if (!batched.delivery.complete)
      problems.push(deliveryProblem('batched ingest', batched.delivery));
  }
  if (paced) {
    paced.rounds.forEach((round, index) => {
      problems.push(
        ...loadProblems(`paced alerts round ${index + 1}, bare server`, round.bare.load),
      );
      problems.push(
        ...loadProblems(`paced alerts round ${index + 1}, forwarder`, round.forwarder.load),
      );
    });
    if (!paced.delivery.complete) problems.push(deliveryProblem('paced alerts', paced.delivery));
  }
  return problems;
}

function loadProblems(
  phase: string,
  load: { non2xx: number; errors: number; timeouts: number; mismatches: number },
): string[] {
  if (load.non2xx === 0 && load.errors === 0 && load.timeouts === 0 && load.mismatches === 0)
    return [];
  return [
    `${phase}: ${load.non2xx} non-2xx responses, ${load.errors} connection errors, ${load.timeouts} timeouts and ${load.mismatches} unexpected response bodies`,
  ];
}

function deliveryProblem(scenario: string, delivery: DeliveryCheck): string {
  const state = delivery.settled ? 'settled' : 'still changing when the wait ended';
  return (
    `${scenario}: the output has ${delivery.outputLines} lines but the forwarder accepted ` +
    `${delivery.acceptedByForwarder} alerts (clients saw ${delivery.confirmedByClients} accepted). ` +
    `The dead-letter file has ${delivery.deadLetterLines} lines, and the output was ${state}.`
  );
}
