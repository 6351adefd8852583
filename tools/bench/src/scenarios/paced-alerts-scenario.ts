import type { LoadResult } from '../load/run-load';
import { runPacedLoad } from '../load/run-paced-load';
import { median } from '../results/median';
import type { DeliveryCheck } from './delivery-check';
import { DeliveryTracker } from './delivery-tracker';
import { measurePhase } from './phase-meter';
import type { ScenarioContext } from './scenario-context';
import { withBareServer, withForwarder } from './server-lifetimes';
import type { MeasuredLoad } from './single-alerts-scenario';

/** The forwarder's reply to one accepted alert. */
const ACCEPTED_ONE = '{"accepted":1,"rejected":[]}';

/** One bare-server phase and one forwarder phase at the same pace. */
export interface PacedAlertsRound {
  bare: MeasuredLoad;
  forwarder: MeasuredLoad;
  /** CPU time of the bare server per request with a 2xx response, in microseconds. */
  bareCpuMicrosPerRequest: number;
  /** The same for the forwarder, including the delivery it finishes after the load ends. */
  forwarderCpuMicrosPerRequest: number;
}

export interface PacedAlertsResult {
  connections: number;
  /** Requests per second requested of all connections together. */
  requestedRate: number;
  rounds: PacedAlertsRound[];
  /** Medians over the rounds. */
  bareCpuMicrosPerRequest: number;
  forwarderCpuMicrosPerRequest: number;
  /** Bare server CPU per request over the forwarder's: the share of its CPU a bare server would need. */
  cpuRatio: number;
  /** Medians over the rounds of each phase's latency percentiles, in ms. */
  bareLatencyMs: { p50: number; p99: number };
  forwarderLatencyMs: { p50: number; p99: number };
  delivery: DeliveryCheck;
}

/**
 * Measures what one alert costs at a pace below the maximum, as many Falco
 * instances send: each connection posts one alert per period. Under such
 * load few requests share a spool write or an output batch, so fixed costs
 * per request weigh more than in the full-speed scenario.
 */
export async function runPacedAlertsScenario(context: ScenarioContext): Promise<PacedAlertsResult> {
  const { options } = context;
  const load = (url: string, seconds = options.seconds) =>
    runPacedLoad({
      url,
      connections: options.pacedConnections,
      rate: options.pacedRate,
      seconds,
      bodies: context.corpus.lines,
      contentType: 'application/json',
      token: context.token,
      expectBody: ACCEPTED_ONE,
    });

  return withBareServer(context, (bare) =>
    withForwarder(context, async (forwarder, files) => {
      const tracker = new DeliveryTracker(forwarder, files);

      if (options.warmupSeconds > 0) {
        context.progress(
          `paced alerts: warming up both servers for ${options.warmupSeconds} s each`,
        );
        await load(bare.url, options.warmupSeconds);
        tracker.record(await load(forwarder.url, options.warmupSeconds));
        await tracker.waitForDrain();
      }

      const rounds: PacedAlertsRound[] = [];
      for (let round = 1; round <= options.rounds; round += 1) {
        context.progress(
          `paced alerts: round ${round} of ${options.rounds}, ${options.pacedRate} requests/s on ${options.pacedConnections} connections`,
        );
        const bareRun = await measurePhase(bare, () => load(bare.url));
        const forwarderRun = await measurePhase(forwarder, () => load(forwarder.url));
        tracker.record(forwarderRun.result);
        await tracker.waitForDrain();
        const drained = await forwarder.snapshot();

        rounds.push({
          bare: { load: bareRun.result, usage: bareRun.usage },
          forwarder: { load: forwarderRun.result, usage: forwarderRun.usage },
          bareCpuMicrosPerRequest: perRequest(
            bareRun.usage.serverCpuSeconds * 1e6,
            bareRun.result.okResponses,
          ),
          forwarderCpuMicrosPerRequest: perRequest(
            drained.cpuMicros - forwarderRun.start.cpuMicros,
            forwarderRun.result.okResponses,
          ),
        });
      }

      const { check } = await tracker.waitForDrain();
      const bareCpu = median(rounds.map((round) => round.bareCpuMicrosPerRequest));
      const forwarderCpu = median(rounds.map((round) => round.forwarderCpuMicrosPerRequest));
      return {
        connections: options.pacedConnections,
        requestedRate: options.pacedRate,
        rounds,
        bareCpuMicrosPerRequest: bareCpu,
        forwarderCpuMicrosPerRequest: forwarderCpu,
        cpuRatio: forwarderCpu > 0 ? bareCpu / forwarderCpu : 0,
        bareLatencyMs: medianLatency(rounds.map((round) => round.bare.load)),
        forwarderLatencyMs: medianLatency(rounds.map((round) => round.forwarder.load)),
        delivery: check,
      };
    }),
  );
}

function perRequest(cpuMicros: number, requests: number): number {
  return requests > 0 ? cpuMicros / requests : 0;
}

function medianLatency(loads: LoadResult[]): { p50: number; p99: number } {
  return {
    p50: median(loads.map((load) => load.latencyMs.p50)),
    p99: median(loads.map((load) => load.latencyMs.p99)),
  };
}
