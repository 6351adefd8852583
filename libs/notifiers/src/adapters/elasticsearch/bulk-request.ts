import type { Finding } from '@talaria/falco-event';

import { formatFindingDocument } from './finding-document';
import { dailyIndexName } from './index-names';

/** The destination of documents: daily indices dated by the alert's time, or one data stream. */
export type IndexTarget = { kind: 'daily'; prefix: string } | { kind: 'dataStream'; name: string };

/** Findings sent in one `_bulk` request, with the NDJSON lines of their operations. */
export interface BulkChunk {
  findings: Finding[];
  /** Action line, then document line, per finding; the client joins them with newlines. */
  lines: string[];
  /** Bytes of the request body, newlines included. */
  bytes: number;
}

/**
 * Builds the bulk operations for a batch and splits them into requests of at
 * most `maxBytes` each. A finding larger than `maxBytes` goes alone in its
 * request. Each document's `_id` is the finding id, so a retried write
 * replaces (daily indices) or conflicts with (data streams) the earlier one
 * instead of adding a duplicate.
 */
export function buildBulkChunks(
  findings: readonly Finding[],
  target: IndexTarget,
  maxBytes: number,
): BulkChunk[] {
  const chunks: BulkChunk[] = [];
  let current: BulkChunk = { findings: [], lines: [], bytes: 0 };

  for (const finding of findings) {
    const action = formatAction(finding, target);
    const document = formatFindingDocument(finding);
    const bytes = Buffer.byteLength(action, 'utf8') + Buffer.byteLength(document, 'utf8') + 2;

    if (current.findings.length > 0 && current.bytes + bytes > maxBytes) {
      chunks.push(current);
      current = { findings: [], lines: [], bytes: 0 };
    }
    current.findings.push(finding);
    current.lines.push(action, document);
    current.bytes += bytes;
  }

  if (current.findings.length > 0) chunks.push(current);
  return chunks;
}

/** Data streams take only `create`; daily indices use `index` so a replay overwrites. */
export function bulkAction(target: IndexTarget): 'index' | 'create' {
  return target.kind === 'dataStream' ? 'create' : 'index';
}

function formatAction(finding: Finding, target: IndexTarget): string {
  const index =
    target.kind === 'dataStream' ? target.name : dailyIndexName(target.prefix, finding.timeMs);
  return JSON.stringify({ [bulkAction(target)]: { _index: index, _id: finding.id } });
}
