import type { Finding } from '@talaria/falco-event';

import { fitFinding } from './cut-finding';

/** `finding` sends one finding object per invocation; `array` sends a JSON array of findings. */
export type LambdaPayloadMode = 'finding' | 'array';

/** One invocation's payload and the findings it carries. */
export interface LambdaInvocationPayload {
  findings: Finding[];
  payload: string;
  bytes: number;
  /** Ids of the findings whose strings were cut to fit. */
  truncatedIds: string[];
}

/** A finding that cannot fit under the limit even after cutting its strings. */
export interface OversizedFinding {
  finding: Finding;
  reason: string;
}

export interface PackedInvocations {
  invocations: LambdaInvocationPayload[];
  oversized: OversizedFinding[];
}

/**
 * Packs a batch into invocation payloads of at most `maxBytes` each. In
 * `array` mode consecutive findings share an invocation while the array fits.
 * A finding too large on its own is cut (see fitFinding), and one that still
 * does not fit is returned in `oversized` for the dead letter.
 */
export function packInvocations(
  findings: readonly Finding[],
  mode: LambdaPayloadMode,
  maxBytes: number,
): PackedInvocations {
  const invocations: LambdaInvocationPayload[] = [];
  const oversized: OversizedFinding[] = [];
  // The array brackets take two bytes of every array payload.
  const budget = mode === 'array' ? maxBytes - 2 : maxBytes;
  let parts: { finding: Finding; json: string; bytes: number; truncated: boolean }[] = [];
  let partsBytes = 0;

  const flush = (): void => {
    if (parts.length === 0) return;
    const payload =
      mode === 'array' ? `[${parts.map((part) => part.json).join(',')}]` : parts[0].json;
    invocations.push({
      findings: parts.map((part) => part.finding),
      payload,
      bytes: Buffer.byteLength(payload, 'utf8'),
      truncatedIds: parts.filter((part) => part.truncated).map((part) => part.finding.id),
    });
    parts = [];
    partsBytes = 0;
  };

  for (const finding of findings) {
    const fitted = fitFinding(finding, budget);
    if (fitted === undefined) {
      oversized.push({
        finding,
        reason: `finding does not fit the ${maxBytes}-byte payload limit even with alert.output and output_fields cut; raise maxPayloadBytes or shorten the alert`,
      });
      continue;
    }

    // Each finding after the first in an array adds a comma.
    const added = parts.length === 0 ? fitted.bytes : fitted.bytes + 1;
    if (mode === 'finding' || partsBytes + added > budget) flush();
    parts.push({
      finding,
      json: fitted.json,
      bytes: fitted.bytes,
      truncated: fitted.truncated.length > 0,
    });
    partsBytes += parts.length === 1 ? fitted.bytes : fitted.bytes + 1;
  }
  flush();
  return { invocations, oversized };
}
