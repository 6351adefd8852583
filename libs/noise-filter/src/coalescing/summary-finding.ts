import { newFindingId } from '@talaria/falco-event';

import { withNoiseMarks, type NoiseFinding } from '../noise-finding';
import type { StormSummary } from './storm-store';

/** Storm keys of alerts held back by a rate limit start with this prefix. */
export const RATE_LIMIT_KEY_PREFIX = 'rate:';

/**
 * Builds the summary finding of a closed window: a copy of the first alert
 * folded in it, with a new id, `coalesced` counts and noise marks that name
 * the storm. Returns undefined when the store kept no sample.
 */
export function buildSummaryFinding(
  summary: StormSummary,
  nowMs: number,
): NoiseFinding | undefined {
  if (summary.sample === undefined) return undefined;

  const rateLimited = summary.key.startsWith(RATE_LIMIT_KEY_PREFIX);
  const marks = rateLimited
    ? {
        summaryOf: 'rate_limit' as const,
        rateLimit: summary.key.slice(RATE_LIMIT_KEY_PREFIX.length),
        stormId: summary.stormId,
      }
    : { summaryOf: 'storm' as const, fingerprint: summary.key, stormId: summary.stormId };

  const finding = withNoiseMarks(summary.sample, marks);
  finding.id = newFindingId(nowMs);
  finding.receivedAt = new Date(nowMs).toISOString();
  finding.coalesced = {
    count: summary.count,
    firstSeen: new Date(summary.firstSeenMs).toISOString(),
    lastSeen: new Date(summary.lastSeenMs).toISOString(),
  };
  return finding;
}
