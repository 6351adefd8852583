import type { Finding } from '@talaria/falco-event';
import type { DeadLetterRecord, DeadLetterSink } from '../delivery/dead-letter';
import type { DeliveryEngine, DispatchOutcome } from '../delivery/delivery-engine';

/** Outcome counts of one output's records. */
export interface OutputRedelivery {
  /** Records selected for this output. */
  selected: number;
  delivered: number;
  /** Rejected again, and written to the dead letter of the redelivery. */
  failedAgain: number;
  /** Not settled when the time ran out, and written to that dead letter with reason `drain_ended`. */
  unsettled: number;
  /** The output's route no longer matches the finding, for example after its minimum priority was raised. */
  notRouted: number;
}

export interface RedeliveryReport {
  /** Counts per output name, for the outputs that had selected records. */
  outputs: Map<string, OutputRedelivery>;
  /** Records for outputs that the engine does not have, by output name. */
  unknownOutputs: Map<string, number>;
  /** Records left out by the output or reason selection. */
  notSelected: number;
}

export interface RedeliveryOptions {
  /** Engine with the outputs to send to. Its dead letter receives what fails again. */
  engine: DeliveryEngine;
  /** The engine's dead letter, for records still unsettled when time runs out. */
  deadLetter: DeadLetterSink;
  /** Output names to redeliver to. Absent means every output of the engine. */
  outputs?: ReadonlySet<string>;
  /** Dead-letter reasons to redeliver. Absent means every reason. */
  reasons?: ReadonlySet<string>;
  /** Maximum findings sent and not yet settled at once; default 1,000. */
  maxInFlight?: number;
}

const DEFAULT_MAX_IN_FLIGHT = 1000;
const ROOM_RECHECK_MS = 50;

/**
 * Sends dead-lettered findings again, each to the output that gave up on it
 * and to no other. Feed it records with `add`, then call `finish`, which
 * waits until every finding settled or the deadline passed.
 */
export class Redelivery {
  private readonly report: RedeliveryReport = {
    outputs: new Map(),
    unknownOutputs: new Map(),
    notSelected: 0,
  };
  private readonly outputNames: ReadonlySet<string>;
  private readonly pending = new Map<string, { finding: Finding; output: string }>();
  private readonly maxInFlight: number;
  private roomWaiter?: () => void;

  constructor(private readonly options: RedeliveryOptions) {
    this.outputNames = new Set(options.engine.outputNames);
    this.maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
  }

  /**
   * Sends one record's finding to its output, or counts why not. Waits while
   * `maxInFlight` findings are unsettled or an output's queue is nearly full.
   */
  async add(record: DeadLetterRecord): Promise<void> {
    const { output, reason, finding } = record;
    if (
      this.options.outputs?.has(output) === false ||
      this.options.reasons?.has(reason) === false
    ) {
      this.report.notSelected += 1;
      return;
    }
    if (!this.outputNames.has(output)) {
      this.report.unknownOutputs.set(output, (this.report.unknownOutputs.get(output) ?? 0) + 1);
      return;
    }

    // A healthy output whose queue is nearly full would dead-letter more findings as queue_full.
    while (this.pending.size >= this.maxInFlight || this.options.engine.backlogged) {
      await this.waitForRoom();
    }

    const counts = this.countsOf(output);
    counts.selected += 1;
    // A key of its own per record, because a finding can be in the dead letter once per output.
    const key = `${output}\u0000${finding.id}\u0000${counts.selected}`;
    this.pending.set(key, { finding, output });

    const others = new Set([...this.outputNames].filter((name) => name !== output));
    this.options.engine.dispatch(finding, (outcome) => this.settle(key, output, outcome), {
      settledBefore: others,
    });
  }

  /**
   * Waits until every finding settled or `deadlineMs` (epoch ms) passed, then
   * writes the unsettled ones to the dead letter and returns the counts. The
   * caller closes the engine afterwards.
   */
  async finish(deadlineMs: number): Promise<RedeliveryReport> {
    await this.options.engine.drain(deadlineMs);

    const unsettled = [...this.pending.values()];
    this.pending.clear();
    for (const { output } of unsettled) this.countsOf(output).unsettled += 1;
    if (unsettled.length > 0) {
      const deadLetteredAt = new Date().toISOString();
      await this.options.deadLetter.write(
        unsettled.map(({ finding, output }) => ({
          deadLetteredAt,
          output,
          reason: 'drain_ended',
          attempts: 0,
          lastError: 'the redelivery ended before the output settled this finding',
          finding,
        })),
      );
    }
    return this.report;
  }

  private settle(key: string, output: string, outcome: DispatchOutcome): void {
    if (!this.pending.delete(key)) return;

    const counts = this.countsOf(output);
    if (outcome.delivered.includes(output)) counts.delivered += 1;
    else if (outcome.deadLettered.includes(output)) counts.failedAgain += 1;
    else counts.notRouted += 1;

    const waiter = this.roomWaiter;
    this.roomWaiter = undefined;
    waiter?.();
  }

  /** Resolves when a finding settles, or after ROOM_RECHECK_MS so the conditions are checked again. */
  private waitForRoom(): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ROOM_RECHECK_MS);
      this.roomWaiter = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private countsOf(output: string): OutputRedelivery {
    let counts = this.report.outputs.get(output);
    if (counts === undefined) {
      counts = { selected: 0, delivered: 0, failedAgain: 0, unsettled: 0, notRouted: 0 };
      this.report.outputs.set(output, counts);
    }
    return counts;
  }
}
