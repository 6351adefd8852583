import { performance } from 'node:perf_hooks';
import { runLoad, type LoadOptions, type LoadResult } from '../load/run-load';
import { median } from '../results/median';
import {
  checkBelow,
  checkRatio,
  perSecond,
  type LimitCheck,
  type RatioCheck,
} from '../results/ratios';
import { TARGETS } from '../results/targets';
import type { DeliveryCheck } from './delivery-check';
import { DeliveryTracker } from './delivery-tracker';
import { measurePhase, type PhaseUsage } from './phase-meter';
import type { ScenarioContext } from './scenario-context';
import { withBareServer, withForwarder } from './server-lifetimes';

/** The forwarder's reply to one accepted alert. */
const ACCEPTED_ONE = '{"accepted":1,"rejected":[]}';

export interface MeasuredLoad {
  load: LoadResult;
  usage: PhaseUsage;
}

/** One bare-server phase and one forwarder phase, run back to back. */
export interface SingleAlertsRound {
  bare: MeasuredLoad;
  forwarder: MeasuredLoad;
  /** Seconds from the end of the forwarder's load until its output stopped growing. */
  deliveryLagSeconds: number;
  /** Requests with a 2xx response per second of the bare server's CPU time. */
  bareRequestsPerCpuSecond: number;
  /** Requests with a 2xx response per second of the forwarder's CPU time, delivery included. */
  forwarderRequestsPerCpuSecond: number;
}

export interface SingleAlertsResult {
  connections: number;
  rounds: SingleAlertsRound[];
  /** Median over the rounds. */
  bareRequestsPerSecond: number;
  /** Median over the rounds. */
  forwarderRequestsPerSecond: number;
  /** Median forwarder requests/s over median bare server requests/s. */
  throughputRatio: RatioCheck;
  /**
   * The same comparison per second of server CPU time. Other processes on a
   * shared machine change it less than the plain ratio.
   */
  cpuNormalizedRatio: RatioCheck;
  halfRate: MeasuredLoad & {
    /** Requests/s asked of autocannon: half the forwarder's median maximum. */
    requestedRate: number;
    p99LatencyMs: LimitCheck;
  };
  /**
   * The bare server at the same requested rate. autocannon paces 20
   * connections in bursts, so this shows the latency the load alone causes.
   */
  bareHalfRate: MeasuredLoad & { p99LatencyMs: number };
  delivery: DeliveryCheck;
}

/**
 * Measures one Falco alert per POST on keep-alive connections, the way
 * Falco's http_output sends. Rounds alternate a bare Node http server and the
 * forwarder with its whole pipeline. Then the forwarder runs at half its rate.
 */
export async function runSingleAlertsScenario(
  context: ScenarioContext,
): Promise<SingleAlertsResult> {
  const { options } = context;
  const load = (url: string, extra: Partial<LoadOptions> = {}) =>
    runLoad({
      url,
      connections: options.connections,
      seconds: options.seconds,
      bodies: context.corpus.lines,
      contentType: 'application/json',
      token: context.token,
      expectBody: ACCEPTED_ONE,
      ...extra,
    });

  return withBareServer(context, (bare) =>
    withForwarder(context, async (forwarder, files) => {
      const tracker = new DeliveryTracker(forwarder, files);
      // The forwarder delivers after it responds. The next phase starts once that work is
      // done, so that it never takes CPU from the server measured next.
      const waitForForwarderToDrain = () => tracker.waitForDrain();

      if (options.warmupSeconds > 0) {
        context.progress(
          `single alerts: warming up both servers for ${options.warmupSeconds} s each`,
        );
        await load(bare.url, { seconds: options.warmupSeconds });
        tracker.record(await load(forwarder.url, { seconds: options.warmupSeconds }));
        await waitForForwarderToDrain();
      }

      const rounds: SingleAlertsRound[] = [];
      for (let round = 1; round <= options.rounds; round += 1) {
        context.progress(
          `single alerts: round ${round} of ${options.rounds}, ${options.connections} connections`,
        );
        const bareRun = await measurePhase(bare, () => load(bare.url));
        const forwarderRun = await measurePhase(forwarder, () => load(forwarder.url));
        const loadEndedAt = performance.now();
        tracker.record(forwarderRun.result);
        const drained = await waitForForwarderToDrain();
        const drainedSnapshot = await forwarder.snapshot();

        // The forwarder's CPU time includes the delivery it finishes after the load ends.
        const forwarderCpuSeconds =
          (drainedSnapshot.cpuMicros - forwarderRun.start.cpuMicros) / 1e6;
        rounds.push({
          bare: { load: bareRun.result, usage: bareRun.usage },
          forwarder: { load: forwarderRun.result, usage: forwarderRun.usage },
          deliveryLagSeconds: Math.max(0, (drained.lastGrowthAtMs - loadEndedAt) / 1000),
          bareRequestsPerCpuSecond: perSecond(
            bareRun.result.okResponses,
            bareRun.usage.serverCpuSeconds,
          ),
          forwarderRequestsPerCpuSecond: perSecond(
            forwarderRun.result.okResponses,
            forwarderCpuSeconds,
          ),
        });
      }

      const bareRate = median(rounds.map((round) => round.bare.load.requestsPerSecond));
      const forwarderRate = median(rounds.map((round) => round.forwarder.load.requestsPerSecond));
      const requestedRate = Math.max(1, Math.floor(forwarderRate / 2));
      context.progress(`single alerts: forwarder at ${requestedRate} requests/s, half its maximum`);
      const half = await measurePhase(forwarder, () =>
        load(forwarder.url, { overallRate: requestedRate }),
      );
      tracker.record(half.result);
      const bareHalf = await measurePhase(bare, () =>
        load(bare.url, { overallRate: requestedRate }),
      );

      context.progress('single alerts: waiting for the forwarder to deliver what it accepted');
      const { check } = await waitForForwarderToDrain();

      return {
        connections: options.connections,
        rounds,
        bareRequestsPerSecond: bareRate,
        forwarderRequestsPerSecond: forwarderRate,
        throughputRatio: checkRatio(forwarderRate, bareRate, TARGETS.singleAlertThroughputRatio),
        cpuNormalizedRatio: checkRatio(
          median(rounds.map((round) => round.forwarderRequestsPerCpuSecond)),
          median(rounds.map((round) => round.bareRequestsPerCpuSecond)),
          TARGETS.singleAlertThroughputRatio,
        ),
        halfRate: {
          load: half.result,
          usage: half.usage,
          requestedRate,
          p99LatencyMs: checkBelow(half.result.latencyMs.p99, TARGETS.p99LatencyAtHalfRateMs),
        },
        bareHalfRate: {
          load: bareHalf.result,
          usage: bareHalf.usage,
          p99LatencyMs: bareHalf.result.latencyMs.p99,
        },
        delivery: check,
      };
    }),
  );
}
