/** Resource use of a server child at one moment, measured inside the child. */
export interface ProcessSnapshot {
  /** Child's monotonic clock in ms (performance.now()). */
  atMs: number;
  rssBytes: number;
  /** CPU time used since the child started, in microseconds. */
  cpuMicros: number;
  /** Alerts the server accepted: parsed by the bare server, written to the spool by the forwarder. */
  acceptedAlerts: number;
  /** Alerts accepted but not yet delivered to every output. The bare server always reports 0. */
  pendingAlerts: number;
}

/** Messages a child sends to the benchmark over the IPC channel. */
export type ChildMessage =
  | { type: 'ready'; url: string }
  | { type: 'sample'; snapshot: ProcessSnapshot }
  | { type: 'snapshot'; requestId: number; snapshot: ProcessSnapshot }
  | { type: 'failed'; message: string };

/** Messages the benchmark sends to a child. */
export type ParentMessage = { type: 'snapshot'; requestId: number } | { type: 'stop' };

/** Settings a server child reads from its first argument, as JSON. */
export interface ServerChildSettings {
  /** Folder for the forwarder's spool, dead-letter file and NDJSON output. */
  workDirectory: string;
  /** Environment variable that contains the ingest token. */
  tokenVariable: string;
  /** Forwarder configuration overrides by dotted key; the bare server ignores them. */
  forwarderSettings?: Record<string, string>;
}
