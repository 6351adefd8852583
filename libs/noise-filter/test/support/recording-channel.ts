import type { Finding } from '@talaria/falco-event';
import type { DeliveryOutcome, DrainReport } from '@talaria/notifiers';
import type { DeliveryChannel, NoiseFinding } from '../../src';

/**
 * A channel that keeps what it receives and settles each finding as delivered
 * at once, or leaves summaries unsettled while `settleSummaries` is false.
 */
export class RecordingChannel implements DeliveryChannel {
  readonly received: NoiseFinding[] = [];
  drained = false;
  closed = false;
  backlogged = false;
  failing = false;
  settleSummaries = true;
  /** Summaries held back because `settleSummaries` was false. */
  unsettled = 0;

  constructor(readonly name = 'slack') {}

  enqueue(finding: Finding, onSettled: (outcome: DeliveryOutcome) => void): void {
    if (this.drained) throw new Error(`output "${this.name}" is closed`);
    this.received.push(finding);
    if (this.settleSummaries || (finding as NoiseFinding).coalesced === undefined)
      onSettled('delivered');
    else this.unsettled += 1;
  }

  async drain(): Promise<DrainReport> {
    this.drained = true;
    return {
      output: this.name,
      delivered: 0,
      deadLettered: 0,
      unsettled: this.unsettled,
      completed: this.unsettled === 0,
    };
  }

  /** Reports every held summary as sent twice and refused, as an output channel would after retries. */
  deliveryAttemptsOf(finding: Finding): { attempts: number; lastError?: string } | undefined {
    return (finding as NoiseFinding).coalesced === undefined
      ? undefined
      : { attempts: 2, lastError: 'HTTP 503: unavailable' };
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  get summaries(): NoiseFinding[] {
    return this.received.filter((finding) => finding.coalesced !== undefined);
  }

  get singles(): NoiseFinding[] {
    return this.received.filter((finding) => finding.coalesced === undefined);
  }
}
