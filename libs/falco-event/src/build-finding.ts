import { FalcoEventError } from './errors';
import { FINDING_SCHEMA, type Finding } from './finding';
import { fingerprint } from './fingerprint';
import type { ParsedAlert } from './parse-alert';
import { parseRfc3339Time } from './rfc3339-time';
import { extractWorkload } from './workload/extract-workload';

export interface BuildFindingInput {
  /** Finding id, normally from newFindingId. */
  id: string;
  /** When the forwarder accepted the alert: a Date, or an RFC 3339 string kept as given. */
  receivedAt: Date | string;
  cluster: string;
  region: string;
  /** A successful result of parseAlert. */
  parsed: ParsedAlert;
  /** Names for fingerprint(); DEFAULT_FINGERPRINT_FIELDS when left out. */
  fingerprintFields?: readonly string[];
}

/**
 * Builds the finding for a parsed alert: workload identity from its fields,
 * its fingerprint, and an owner of `unknown` until the enrich stage runs.
 * Throws FalcoEventError when the id, time, cluster or region is invalid,
 * because those come from the caller, not from the alert.
 */
export function buildFinding(input: BuildFindingInput): Finding {
  const { id, cluster, region, parsed } = input;
  requireText('id', id);
  requireText('cluster', cluster);
  requireText('region', region);
  if (parsed?.ok !== true) {
    throw new FalcoEventError(
      'buildFinding needs a successful parseAlert result; check result.ok first',
      {
        context: { id },
      },
    );
  }

  const workload = extractWorkload(parsed.alert, { cluster, region });
  return {
    schema: FINDING_SCHEMA,
    id,
    fingerprint: fingerprint(parsed.alert, workload, input.fingerprintFields),
    receivedAt: formatReceivedAt(input.receivedAt),
    cluster,
    region,
    priority: parsed.priority,
    timeMs: parsed.timeMs,
    workload,
    owner: { status: 'unknown', reason: 'not enriched' },
    alert: parsed.alert,
  };
}

function requireText(name: string, value: unknown): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new FalcoEventError(
      `buildFinding needs a non-empty string ${name}; got ${String(value)}`,
      {
        context: { [name]: value },
      },
    );
  }
}

// Alerts of one request, and requests within one millisecond, share their
// receivedAt, so the last formatted time is kept for the next finding.
let lastReceivedMs = Number.NaN;
let lastReceivedText = '';

function formatReceivedAt(receivedAt: Date | string): string {
  if (receivedAt instanceof Date) {
    const epochMs = receivedAt.getTime();
    if (epochMs === lastReceivedMs) return lastReceivedText;

    if (!Number.isNaN(epochMs)) {
      lastReceivedText = receivedAt.toISOString();
      lastReceivedMs = epochMs;
      return lastReceivedText;
    }
  }
  if (typeof receivedAt === 'string' && typeof parseRfc3339Time(receivedAt) !== 'string') {
    return receivedAt;
  }
  throw new FalcoEventError(
    `buildFinding needs receivedAt as a valid Date or RFC 3339 string; got ${String(receivedAt)}`,
    { context: { receivedAt } },
  );
}
