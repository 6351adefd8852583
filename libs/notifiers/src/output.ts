import type { Finding, Priority } from '@talaria/falco-event';

/** Which findings an output receives. Every listed condition must hold. */
export interface OutputRoute {
  /** Least severe priority delivered; Debug delivers everything. */
  minPriority: Priority;
  /** Rule names; empty or absent means any rule. */
  rules?: string[];
  /** Alert sources such as `syscall` or `k8s_audit`; empty or absent means any. */
  sources?: string[];
  /** Delivered when the alert carries at least one of these tags. */
  tags?: string[];
  /**
   * Owner criticalities such as `high`, compared without regard to case.
   * `unknown` matches findings without a known owner or criticality.
   */
  criticalities?: string[];
}

/**
 * Outcome of one send. A batch may fail in part: `failed` lists the findings
 * that did not land, each with whether a retry can help.
 */
export interface SendResult {
  failed: Array<{ finding: Finding; reason: string; retryable: boolean }>;
  /** Server-requested wait before the next attempt, in milliseconds (from Retry-After). */
  retryAfterMs?: number;
  /**
   * True when the retryable failures came from a rate or quota limit (HTTP 429
   * or the service's own code for it). The engine then pauses the whole output
   * instead of counting the send towards opening its circuit.
   */
  rateLimited?: boolean;
}

/**
 * A destination. Adapters only build payloads and send them: queueing,
 * batching, retries, the circuit breaker, dead letters and metrics live once
 * in the delivery engine.
 */
export interface OutputAdapter {
  /** Unique name from the configuration, used in metrics, logs and dead letters. */
  readonly name: string;
  /** Adapter kind, for example `file`, `stdout` or `webhook`. */
  readonly type: string;
  /** Largest batch the destination takes in one send; 1 disables batching. */
  readonly maxBatchSize: number;
  /** Linger in ms used when the configuration sets none; the delivery default applies without it. */
  readonly defaultLingerMs?: number;
  /** Sends a batch. Throwing means the whole batch failed and may be retried. */
  send(batch: Finding[]): Promise<SendResult>;
  /** Flushes and releases resources; called once at shutdown after the last send. */
  close?(): Promise<void>;
}
