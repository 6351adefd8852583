import type { CoalescingMode, RateLimitSettings } from '../coalescing/coalescing-settings';

/** Storage of storm windows and rate-limit buckets. */
export type StoreConfig =
  | { type: 'memory'; maxStorms: number }
  | {
      type: 'redis';
      /** `redis://` or `rediss://` address; may carry a password, so it is never logged unmasked. */
      url: string;
      /** Prefix of every key; replicas with the same prefix coalesce together. */
      keyPrefix: string;
    };

/** Coalescing settings of one output; absent keys take the defaults. */
export interface OutputNoiseConfig {
  mode?: CoalescingMode;
  windowMs?: number;
  rateLimit?: RateLimitSettings;
  ownerRateLimit?: RateLimitSettings;
}

/** The `noise` section of the forwarder configuration, validated. */
export interface NoiseConfig {
  /** Marks matches as "would suppress" and suppresses nothing. */
  dryRun: boolean;
  /** NDJSON file that receives every suppressed finding; absent means they are only counted. */
  suppressedOutput?: { path: string; maxBytes: number; maxFiles: number };
  store: StoreConfig;
  /** Defaults of every output. */
  coalescing: { windowMs: number; fields: string[]; ruleKeyFields: Record<string, string[]> };
  /** Settings per output name. */
  outputs: Record<string, OutputNoiseConfig>;
}

/** Thrown for an invalid `noise` section; `issues` contains one `path: problem` line per problem. */
export class NoiseConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid noise configuration:\n${issues.join('\n')}`);
    this.name = 'NoiseConfigError';
  }
}
