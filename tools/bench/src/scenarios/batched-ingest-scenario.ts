import { performance } from 'node:perf_hooks';
import { buildNdjsonBatches } from '../alerts/ndjson-batches';
import { runJsonParseLoop } from '../children/json-parse-process';
import { runLoad, type LoadOptions } from '../load/run-load';
import { median } from '../results/median';
import { checkRatio, perSecond, type RatioCheck } from '../results/ratios';
import { TARGETS } from '../results/targets';
import type { DeliveryCheck } from './delivery-check';
import { DeliveryTracker } from './delivery-tracker';
import { measurePhase } from './phase-meter';
import type { ScenarioContext } from './scenario-context';
import { withForwarder } from './server-lifetimes';
import type { MeasuredLoad } from './single-alerts-scenario';

// Distinct request bodies to cycle through. More would only cost memory in autocannon.
const MAX_DISTINCT_BATCHES = 20;

export interface BatchedRound {
  forwarder: MeasuredLoad & {
    /** Alerts in requests with a 2xx response, per second of load. */
    acceptedAlertsPerSecond: number;
    /** Alerts that reached the NDJSON output in this round. */
    deliveredAlerts: number;
    /** From the start of load until the output stopped growing. */
    deliverySeconds: number;
    deliveredAlertsPerSecond: number;
    /** Delivered alerts per second of the forwarder's CPU time, delivery included. */
    deliveredAlertsPerCpuSecond: number;
  };
  jsonParse: {
    alerts: number;
    seconds: number;
    alertsPerSecond: number;
    alertsPerCpuSecond: number;
  };
}

export interface BatchedIngestResult {
  batchSize: number;
  connections: number;
  /** One forwarder phase and one JSON.parse loop per round, run back to back. */
  rounds: BatchedRound[];
  /** Medians over the rounds. */
  acceptedAlertsPerSecond: number;
  deliveredAlertsPerSecond: number;
  jsonParseAlertsPerSecond: number;
  /** Median delivered alerts/s over median JSON.parse alerts/s. */
  throughputRatio: RatioCheck;
  /** The same comparison per second of CPU time, which other processes change less. */
  cpuNormalizedRatio: RatioCheck;
  delivery: DeliveryCheck;
}

/**
 * Measures NDJSON bodies of many alerts each, sent through the forwarder's
 * whole pipeline into its NDJSON output, against a JSON.parse loop over the same lines.
 */
export async function runBatchedIngestScenario(
  context: ScenarioContext,
): Promise<BatchedIngestResult> {
  const { options } = context;
  // The JSON.parse loop gets exactly the lines that the request bodies contain.
  const lines = context.corpus.lines.slice(0, MAX_DISTINCT_BATCHES * options.batchSize);
  const bodies = buildNdjsonBatches(lines, options.batchSize, MAX_DISTINCT_BATCHES);
  const load = (url: string, extra: Partial<LoadOptions> = {}) =>
    runLoad({
      url,
      connections: options.batchConnections,
      seconds: options.seconds,
      bodies,
      contentType: 'application/x-ndjson',
      token: context.token,
      expectBody: `{"accepted":${options.batchSize},"rejected":[]}`,
      ...extra,
    });

  return withForwarder(context, async (forwarder, files) => {
    const tracker = new DeliveryTracker(forwarder, files, options.batchSize);
    if (options.warmupSeconds > 0) {
      context.progress(`batched ingest: warming up the forwarder for ${options.warmupSeconds} s`);
      tracker.record(await load(forwarder.url, { seconds: options.warmupSeconds }));
    }
    // Delivery of earlier load must finish first, or it would count towards the next round.
    let previous = await tracker.waitForDrain();

    const rounds: BatchedRound[] = [];
    for (let round = 1; round <= options.rounds; round += 1) {
      context.progress(
        `batched ingest: round ${round} of ${options.rounds}, ${options.batchSize} alerts per request, ` +
          `${options.batchConnections} connections`,
      );
      const startedAt = performance.now();
      const phase = await measurePhase(forwarder, () => load(forwarder.url));
      tracker.record(phase.result);
      const delivered = await tracker.waitForDrain();
      const deliveredSnapshot = await forwarder.snapshot();

      const deliveredAlerts = delivered.check.outputLines - previous.check.outputLines;
      const deliverySeconds = (delivered.lastGrowthAtMs - startedAt) / 1000;
      // The forwarder's CPU time includes the delivery it finishes after the load ends.
      const forwarderCpuSeconds = (deliveredSnapshot.cpuMicros - phase.start.cpuMicros) / 1e6;
      previous = delivered;

      const parsed = await runJsonParseLoop(lines, options.warmupSeconds, options.seconds);
      rounds.push({
        forwarder: {
          load: phase.result,
          usage: phase.usage,
          acceptedAlertsPerSecond:
            (phase.result.okResponses * options.batchSize) / phase.result.seconds,
          deliveredAlerts,
          deliverySeconds,
          deliveredAlertsPerSecond: perSecond(deliveredAlerts, deliverySeconds),
          deliveredAlertsPerCpuSecond: perSecond(deliveredAlerts, forwarderCpuSeconds),
        },
        jsonParse: {
          alerts: parsed.alerts,
          seconds: parsed.seconds,
          alertsPerSecond: perSecond(parsed.alerts, parsed.seconds),
          alertsPerCpuSecond: perSecond(parsed.alerts, parsed.cpuSeconds),
        },
      });
    }

    const deliveredRate = median(rounds.map((round) => round.forwarder.deliveredAlertsPerSecond));
    const parseRate = median(rounds.map((round) => round.jsonParse.alertsPerSecond));
    return {
      batchSize: options.batchSize,
      connections: options.batchConnections,
      rounds,
      acceptedAlertsPerSecond: median(
        rounds.map((round) => round.forwarder.acceptedAlertsPerSecond),
      ),
      deliveredAlertsPerSecond: deliveredRate,
      jsonParseAlertsPerSecond: parseRate,
      throughputRatio: checkRatio(deliveredRate, parseRate, TARGETS.batchedThroughputRatio),
      cpuNormalizedRatio: checkRatio(
        median(rounds.map((round) => round.forwarder.deliveredAlertsPerCpuSecond)),
        median(rounds.map((round) => round.jsonParse.alertsPerCpuSecond)),
        TARGETS.batchedThroughputRatio,
      ),
      delivery: previous.check,
    };
  });
}
