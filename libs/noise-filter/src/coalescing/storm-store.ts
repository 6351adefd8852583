import type { Finding } from '@talaria/falco-event';

/** Alerts to add to a storm. */
export interface StormObservation {
  /** Storm key: the coalescing fingerprint, or `rate:<limit>` for alerts a rate limit held back. */
  key: string;
  /** Id of the finding; it becomes the storm id when this observation opens the storm. */
  findingId: string;
  /** Alert times in epoch ms of the earliest and latest alert observed. */
  firstSeenMs: number;
  lastSeenMs: number;
  /** Alerts observed, at least 1. */
  count: number;
}

export interface ObserveResult {
  /** True when no storm was open for the key and this observation opened one. */
  opened: boolean;
  stormId: string;
  /** Alerts folded into the storm's current window, this observation included. */
  folded: number;
  /** True when the store was full and did not open the storm, so the alert was not tracked. */
  untracked?: boolean;
}

/** A window that closed with folded alerts, to be sent as one summary finding. */
export interface StormSummary {
  key: string;
  stormId: string;
  count: number;
  firstSeenMs: number;
  lastSeenMs: number;
  /** The first alert folded in the window, which the summary is based on; absent if it was not kept. */
  sample?: Finding;
}

/**
 * Storm windows and rate-limit buckets of one output. A storm opens with the
 * first alert of a key and lasts at least one window. When a window closes
 * with folded alerts, `collect` returns their summary and a new window starts
 * for the same storm. When a window closes with none, the storm ends.
 */
export interface StormStore {
  /**
   * Adds alerts to the storm of `observation.key`, opening one when none is
   * open. With `foldFirst` false, the alert that opens a storm is not folded,
   * because it is sent on its own.
   */
  observe(
    observation: StormObservation,
    nowMs: number,
    windowMs: number,
    foldFirst: boolean,
  ): Promise<ObserveResult>;
  /** Keeps the finding a summary is based on, unless the current window has one. */
  keepSample(key: string, finding: Finding): Promise<void>;
  /**
   * Closes windows that ended by `nowMs` and returns the summaries of those
   * with folded alerts. With `all`, it also returns and resets the folded
   * alerts of windows still open, as a shutdown needs.
   */
  collect(nowMs: number, windowMs: number, all: boolean): Promise<StormSummary[]>;
  /** Takes one token from a bucket refilled at `perMinute` up to `burst`; returns false when it is empty. */
  takeToken(bucket: string, nowMs: number, perMinute: number, burst: number): Promise<boolean>;
  close(): Promise<void>;
}
