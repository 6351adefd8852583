import type { Finding } from '@talaria/falco-event';

import type { ObserveResult, StormObservation, StormStore, StormSummary } from './storm-store';

interface StormState {
  stormId: string;
  windowEndMs: number;
  folded: number;
  firstSeenMs: number;
  lastSeenMs: number;
  sample?: Finding;
}

interface BucketState {
  tokens: number;
  updatedMs: number;
}

/** Default maximum of open storms per output in memory. */
export const DEFAULT_MAX_STORMS = 200_000;

/**
 * Storm state of one process. Storms sit in a Map in order of window end:
 * every window has the same length, so a storm opened or renewed later ends
 * later, and `collect` stops at the first storm still open.
 */
export class MemoryStormStore implements StormStore {
  private readonly storms = new Map<string, StormState>();
  private readonly buckets = new Map<string, BucketState>();

  constructor(private readonly maxStorms = DEFAULT_MAX_STORMS) {}

  /** Open storms, for tests and metrics. */
  get size(): number {
    return this.storms.size;
  }

  async observe(
    observation: StormObservation,
    nowMs: number,
    windowMs: number,
    foldFirst: boolean,
  ): Promise<ObserveResult> {
    const storm = this.storms.get(observation.key);

    if (storm === undefined) {
      // Beyond the bound new storms go untracked, so their alerts are sent rather than lost.
      if (this.storms.size >= this.maxStorms) {
        return { opened: true, stormId: observation.findingId, folded: 0, untracked: true };
      }
      const folded = foldFirst ? observation.count : 0;
      this.storms.set(observation.key, {
        stormId: observation.findingId,
        windowEndMs: nowMs + windowMs,
        folded,
        firstSeenMs: foldFirst ? observation.firstSeenMs : Number.POSITIVE_INFINITY,
        lastSeenMs: foldFirst ? observation.lastSeenMs : Number.NEGATIVE_INFINITY,
      });
      return { opened: true, stormId: observation.findingId, folded };
    }

    storm.folded += observation.count;
    storm.firstSeenMs = Math.min(storm.firstSeenMs, observation.firstSeenMs);
    storm.lastSeenMs = Math.max(storm.lastSeenMs, observation.lastSeenMs);
    return { opened: false, stormId: storm.stormId, folded: storm.folded };
  }

  async keepSample(key: string, finding: Finding): Promise<void> {
    const storm = this.storms.get(key);
    if (storm !== undefined && storm.sample === undefined) storm.sample = finding;
  }

  async collect(nowMs: number, windowMs: number, all: boolean): Promise<StormSummary[]> {
    const summaries: StormSummary[] = [];
    const renewed: Array<[string, StormState]> = [];

    for (const [key, storm] of this.storms) {
      const due = storm.windowEndMs <= nowMs;
      if (!due && !all) break;

      if (storm.folded > 0) {
        summaries.push({
          key,
          stormId: storm.stormId,
          count: storm.folded,
          firstSeenMs: storm.firstSeenMs,
          lastSeenMs: storm.lastSeenMs,
          sample: storm.sample,
        });
      }

      if (due) {
        this.storms.delete(key);
        // A storm that is still going gets a new window and moves to the end of the order.
        if (storm.folded > 0)
          renewed.push([key, { ...this.emptyWindow(storm), windowEndMs: nowMs + windowMs }]);
      } else if (storm.folded > 0) {
        this.storms.set(key, this.emptyWindow(storm));
      }
    }

    for (const [key, storm] of renewed) this.storms.set(key, storm);
    return summaries;
  }

  async takeToken(
    bucket: string,
    nowMs: number,
    perMinute: number,
    burst: number,
  ): Promise<boolean> {
    const state = this.buckets.get(bucket) ?? { tokens: burst, updatedMs: nowMs };
    const refilled = Math.min(
      burst,
      state.tokens + ((nowMs - state.updatedMs) * perMinute) / 60_000,
    );
    const allowed = refilled >= 1;

    this.buckets.set(bucket, { tokens: allowed ? refilled - 1 : refilled, updatedMs: nowMs });
    return allowed;
  }

  async close(): Promise<void> {
    this.storms.clear();
    this.buckets.clear();
  }

  private emptyWindow(storm: StormState): StormState {
    return {
      stormId: storm.stormId,
      windowEndMs: storm.windowEndMs,
      folded: 0,
      firstSeenMs: Number.POSITIVE_INFINITY,
      lastSeenMs: Number.NEGATIVE_INFINITY,
    };
  }
}
