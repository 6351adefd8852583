/** One entry offered to {@link Spool.append}. */
export interface SpoolInput {
  /** Identifier that consumers use to drop entries replayed after a restart. At most 65,535 UTF-8 bytes. */
  id: string;
  /** Time the entry was received, in milliseconds since the Unix epoch. */
  receivedAt: number;
  /** Entry payload, for example one alert's JSON text. It is stored as given and never parsed. */
  body: string;
  /**
   * Value kept in memory beside the entry, such as the parsed alert, so the
   * consumer need not parse `body` again. It is never written to disk, so
   * entries read back from disk (after a restart or a spill) have none.
   */
  attachment?: unknown;
}

/** An entry in the spool: the input plus its position in the log. */
export interface SpoolEntry extends SpoolInput {
  /** Position in the spool: starts at 1, increases by at least 1 per entry and continues across restarts. */
  seq: number;
}

/** Reason that {@link Spool.append} did not keep an entry. */
export type RejectReason =
  /** Writing the entry would take the segment files past `maxBytes`. */
  | 'spool_full'
  /** The entry alone is larger than `maxBytes`, so it can never be kept. */
  | 'too_large';

/** An input that {@link Spool.append} did not keep, with the reason. */
export interface RejectedInput extends SpoolInput {
  reason: RejectReason;
}

/** Outcome of one {@link Spool.append} call. */
export interface AppendResult {
  /** Entries written to the segment files, in input order, with their seq. */
  accepted: Array<{ id: string; seq: number }>;
  /** Inputs not kept, in input order. The caller counts and logs them. */
  rejected: RejectedInput[];
}

/** Point-in-time view of the spool, for health checks and tests. */
export interface SpoolStats {
  /** Bytes of segment files and acknowledgement logs on disk. */
  bytes: number;
  /** Bytes of segment files, the part that `maxBytes` bounds. */
  segmentFileBytes: number;
  /** Number of segment files. */
  segments: number;
  /** Entries accepted and not yet acknowledged: the sum of the next three counts. */
  pendingEntries: number;
  /** Entries waiting for {@link Spool.take} in memory. */
  inMemoryEntries: number;
  /** Entries waiting for {@link Spool.take} on disk only, read back when memory drains. */
  diskOnlyEntries: number;
  /** Entries returned by {@link Spool.take} and not yet acknowledged. */
  takenEntries: number;
  /** Age in ms of the pending entry with the lowest seq, measured from its `receivedAt`, or null when nothing is pending. */
  oldestPendingAgeMs: number | null;
  /** Same as {@link Spool.full}. */
  full: boolean;
}
