import type { Registry } from 'prom-client';
import type { Logger } from '@talaria/telemetry';

export interface OwnershipEnricherOptions {
  /** Base URL of the ownership API. */
  url: string;
  /** Bearer token with the read scope. */
  token: string;
  logger: Logger;
  registry: Registry;
  /** Maximum time a finding waits for its owner, in ms, before it goes on as unknown. Default 200. */
  timeoutMs?: number;
  /** How long a lookup waits for others to share its request, in ms. Default 5. */
  batchWindowMs?: number;
  /** Maximum identities per request; the API accepts up to 500. Default 500. */
  maxBatchSize?: number;
  /** Maximum entries in the cache. Default 10000. */
  cacheSize?: number;
  /** How long a known owner is cached, in ms. Default 300000 (5 minutes). */
  cacheTtlMs?: number;
  /** How long an unknown owner is cached, in ms. It is shorter so that catalog fixes show soon. Default 30000. */
  negativeCacheTtlMs?: number;
  /** Consecutive failed requests that open the circuit. Default 5. */
  failureThreshold?: number;
  /** How long the circuit stays open before one trial request, in ms. Default 30000. */
  circuitCooldownMs?: number;
}

export type ResolvedEnricherOptions = Required<
  Omit<OwnershipEnricherOptions, 'logger' | 'registry'>
>;

export const ENRICHER_DEFAULTS = {
  timeoutMs: 200,
  batchWindowMs: 5,
  maxBatchSize: 500,
  cacheSize: 10_000,
  cacheTtlMs: 300_000,
  negativeCacheTtlMs: 30_000,
  failureThreshold: 5,
  circuitCooldownMs: 30_000,
} as const;

const LIMITS: Record<keyof typeof ENRICHER_DEFAULTS, [number, number]> = {
  timeoutMs: [1, 60_000],
  batchWindowMs: [0, 1_000],
  maxBatchSize: [1, 500],
  cacheSize: [1, 10_000_000],
  cacheTtlMs: [0, 86_400_000],
  negativeCacheTtlMs: [0, 86_400_000],
  failureThreshold: [1, 1_000],
  circuitCooldownMs: [0, 3_600_000],
};

/** Fills in defaults and checks every number, naming the option, the value and the range. */
export function resolveEnricherOptions(options: OwnershipEnricherOptions): ResolvedEnricherOptions {
  if (!isHttpUrl(options.url)) {
    throw new RangeError(
      `enrichment url ${JSON.stringify(options.url)} is not an absolute http(s) URL such as http://ownership-api:2802`,
    );
  }
  if (typeof options.token !== 'string' || options.token === '') {
    throw new RangeError('enrichment token is empty; give a token with the read scope');
  }

  const resolved = { url: options.url, token: options.token } as ResolvedEnricherOptions;
  for (const key of Object.keys(ENRICHER_DEFAULTS) as Array<keyof typeof ENRICHER_DEFAULTS>) {
    const value = options[key] ?? ENRICHER_DEFAULTS[key];
    const [min, max] = LIMITS[key];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new RangeError(
        `enrichment ${key} must be a whole number from ${min} to ${max}; got ${value}`,
      );
    }
    resolved[key] = value;
  }
  return resolved;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
