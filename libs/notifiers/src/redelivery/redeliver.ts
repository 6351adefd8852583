import type { Finding } from '@talaria/falco-event';
import type { DeadLetterRecord } from '../delivery/dead-letter';
import type { DeliveryEngine, DispatchOutcome } from '../delivery/delivery-engine';
import type { RedeliveryDeadLetter } from './redelivery-dead-letter';

/** Outcome counts of one output's records. */
export interface OutputRedelivery {
  /** Records selected for this output. */
  selected: number;
  delivered: number;
  /** Rejected again, and written to the dead letter of the redelivery. */
  failedAgain: number;
  /**
   * Not sent or not settled when the deadline passed, and written to that
   * dead letter with reason `drain_ended`.
   */
  unsettled: number;
  /**
   * The output's route no longer matches the finding, for example after its
   * minimum priority was raised. These are not written anywhere.
   */
  notRouted: number;
}

export interface RedeliveryReport {
  /** Counts per output name, for the outputs that had selected records. */
  outputs: Map<string, OutputRedelivery>;
  /** Records for outputs that the engine does not have, by output name. */
  unknownOutputs: Map<string, number>;
  /** Records left out by the output, reason or time selection. */
  notSelected: number;
  /** Records for a finding and output already seen in this run, which were not sent again. */
  duplicates: number;
  /**
   * Selected records dead-lettered exactly at `deadLetteredFromMs`. A run
   * that starts where an earlier one ended may send these a second time.
   */
  atFromTime: number;
}

export interface RedeliveryOptions {
  /** Engine with the outputs to send to. Its dead letter receives what fails again. */
  engine: DeliveryEngine;
  /**
   * The engine's dead letter as well, for findings not sent or not settled by
   * the deadline. It adds to every record when the output first gave up.
   */
  deadLetter: RedeliveryDeadLetter;
  /** Epoch ms after which nothing more is sent and `finish` stops waiting. */
  deadlineMs: number;
  /** Output names to redeliver to. Absent means every output of the engine. */
  outputs?: ReadonlySet<string>;
  /** Dead-letter reasons to redeliver. Absent means every reason. */
  reasons?: ReadonlySet<string>;
  /** Earliest `deadLetteredAt` to redeliver, in epoch ms. */
  deadLetteredFromMs?: number;
  /** Latest `deadLetteredAt` to redeliver, in epoch ms. */
  deadLetteredUntilMs?: number;
  /** Maximum findings sent and not yet settled at once; default 1,000. */
  maxInFlight?: number;
}

const DEFAULT_MAX_IN_FLIGHT = 1000;
const ROOM_RECHECK_MS = 50;
// Findings left unsent at the deadline are written in groups of this size, so a long file does not pile up in memory.
const UNSENT_WRITE_SIZE = 500;

/**
 * Sends dead-lettered findings again, each to the output that gave up on it
 * and to no other. Feed it records with `add`, then call `finish`, which
 * waits until every finding settled or the deadline passed. A finding is
 * sent at most once per output in one run.
 */
export class Redelivery {
  private readonly report: RedeliveryReport = {
    outputs: new Map(),
    unknownOutputs: new Map(),
    notSelected: 0,
    duplicates: 0,
    atFromTime: 0,
  };
  private readonly outputNames: ReadonlySet<string>;
  /** Per output, the outputs a finding for it skips, built once rather than per record. */
  private readonly otherOutputs = new Map<string, ReadonlySet<string>>();
  private readonly pending = new Map<string, { finding: Finding; output: string }>();
  /** Finding ids taken per output, so a finding listed twice is sent once. */
  private readonly seen = new Map<string, Set<string>>();
  private unsent: Array<{ finding: Finding; output: string }> = [];
  private readonly maxInFlight: number;
  private roomWaiter?: () => void;

  constructor(private readonly options: RedeliveryOptions) {
    this.outputNames = new Set(options.engine.outputNames);
    this.maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    for (const output of this.outputNames) {
      this.otherOutputs.set(
        output,
        new Set([...this.outputNames].filter((name) => name !== output)),
      );
    }
  }

  /**
   * Sends one record's finding to its output, or counts why not. Waits while
   * `maxInFlight` findings are unsettled or the output's queue is nearly full.
   * After the deadline, or while the output's circuit is open, the finding
   * goes to the dead letter instead.
   */
  async add(record: DeadLetterRecord): Promise<void> {
    const { output, finding } = record;
    if (!this.isSelected(record)) {
      this.report.notSelected += 1;
      return;
    }
    if (!this.outputNames.has(output)) {
      this.report.unknownOutputs.set(output, (this.report.unknownOutputs.get(output) ?? 0) + 1);
      return;
    }

    const seenIds = this.seen.get(output) ?? new Set<string>();
    this.seen.set(output, seenIds);
    if (seenIds.has(finding.id)) {
      this.report.duplicates += 1;
      return;
    }
    seenIds.add(finding.id);
    if (Date.parse(record.deadLetteredAt) === this.options.deadLetteredFromMs) {
      this.report.atFromTime += 1;
    }
    // Each finding is sent once per output, so output and id name one send.
    const key = JSON.stringify([output, finding.id]);
    const counts = this.countsOf(output);
    counts.selected += 1;
    this.options.deadLetter.remember(record);

    // A healthy output whose queue is nearly full gets time to send it.
    const { engine, deadlineMs } = this.options;
    while (this.pending.size >= this.maxInFlight || engine.isBacklogged(output)) {
      if (Date.now() >= deadlineMs) break;
      await this.waitForRoom();
    }
    // An output whose circuit is open would only dead-letter more findings as
    // queue_full, which hides its real error, and would hold up the others.
    if (Date.now() >= deadlineMs || engine.isFailing(output)) {
      await this.keepUnsent(finding, output);
      return;
    }

    this.pending.set(key, { finding, output });
    engine.dispatch(finding, (outcome) => this.settle(key, output, outcome), {
      settledBefore: this.otherOutputs.get(output),
    });
  }

  /**
   * Waits until every finding settled or the deadline passed, then writes
   * the findings not sent or not settled to the dead letter and returns the
   * counts. The caller closes the engine afterwards.
   */
  async finish(): Promise<RedeliveryReport> {
    await this.options.engine.drain(Math.max(Date.now(), this.options.deadlineMs));

    const unsettled = [...this.pending.values()];
    this.pending.clear();
    this.unsent.push(...unsettled);
    await this.writeUnsent();
    return this.report;
  }

  private isSelected(record: DeadLetterRecord): boolean {
    const { outputs, reasons, deadLetteredFromMs, deadLetteredUntilMs } = this.options;
    if (outputs?.has(record.output) === false || reasons?.has(record.reason) === false) {
      return false;
    }
    if (deadLetteredFromMs === undefined && deadLetteredUntilMs === undefined) return true;

    const at = Date.parse(record.deadLetteredAt);
    if (Number.isNaN(at)) return false;
    return at >= (deadLetteredFromMs ?? -Infinity) && at <= (deadLetteredUntilMs ?? Infinity);
  }

  private async keepUnsent(finding: Finding, output: string): Promise<void> {
    this.unsent.push({ finding, output });
    if (this.unsent.length >= UNSENT_WRITE_SIZE) await this.writeUnsent();
  }

  private async writeUnsent(): Promise<void> {
    if (this.unsent.length === 0) return;

    const unsent = this.unsent;
    this.unsent = [];
    for (const { output } of unsent) this.countsOf(output).unsettled += 1;
    const deadLetteredAt = new Date().toISOString();
    await this.options.deadLetter.write(
      unsent.map(({ finding, output }) => {
        // A finding sent and rejected before the deadline keeps its own error.
        const tried = this.options.engine.deliveryAttemptsOf(output, finding);
        return {
          deadLetteredAt,
          output,
          reason: 'drain_ended',
          attempts: tried?.attempts ?? 0,
          lastError: tried?.lastError ?? this.notSentReason(output),
          finding,
        };
      }),
    );
  }

  /** Explains a finding that was not sent, with the output's newest failure. */
  private notSentReason(output: string): string {
    const failure = this.options.engine.lastFailureOf(output);
    return failure === undefined
      ? 'not sent before the redelivery deadline; no send of the output had failed yet, so one was probably still waiting for a response'
      : `not sent, because the output was failing or the redelivery deadline passed; the output's newest failure: ${failure}`;
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
