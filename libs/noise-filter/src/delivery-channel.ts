import type { Finding } from '@talaria/falco-event';
import type { DeliveryOutcome, DrainReport } from '@talaria/notifiers';

/**
 * The public shape of the notifiers library's OutputChannel. The coalescing
 * wrapper has the same shape, so the delivery engine can hold either.
 */
export interface DeliveryChannel {
  readonly name: string;
  /** Queues a finding; `onSettled` runs once with `delivered` or `dead_lettered`. */
  enqueue(finding: Finding, onSettled: (outcome: DeliveryOutcome) => void): void;
  /** Sends what is queued until `deadlineMs` (epoch ms) and reports the counts. */
  drain(deadlineMs: number): Promise<DrainReport>;
  close(): Promise<void>;
}
