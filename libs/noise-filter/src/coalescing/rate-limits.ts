import type { Finding } from '@talaria/falco-event';

import type { CoalescingSettings } from './coalescing-settings';
import type { StormStore } from './storm-store';

/** Name of the bucket findings without a known owner share. */
export const UNKNOWN_OWNER_BUCKET = 'unknown';

/**
 * Takes a token from the owner's bucket, then from the output's. Returns
 * undefined when the finding may be sent, or else the limit that stops it:
 * `owner:<team>` or `output`. Findings without a known owner share the
 * bucket `owner:unknown`.
 */
export async function takeRateLimitTokens(
  finding: Finding,
  settings: Pick<CoalescingSettings, 'rateLimit' | 'ownerRateLimit'>,
  store: StormStore,
  nowMs: number,
): Promise<string | undefined> {
  const ownerLimit = settings.ownerRateLimit;
  if (ownerLimit !== undefined) {
    const team = finding.owner.status === 'known' ? finding.owner.team : UNKNOWN_OWNER_BUCKET;
    const bucket = `owner:${team}`;
    if (!(await store.takeToken(bucket, nowMs, ownerLimit.perMinute, ownerLimit.burst)))
      return bucket;
  }

  const outputLimit = settings.rateLimit;
  if (
    outputLimit !== undefined &&
    !(await store.takeToken('output', nowMs, outputLimit.perMinute, outputLimit.burst))
  ) {
    return 'output';
  }
  return undefined;
}
