import { open } from 'node:fs/promises';
import { decodeRecord, recordReceivedAtAt, recordSeqAt } from './record-codec';
import type { Segment, SegmentSet } from './segment';
import { scanSegment } from './segment-scanner';
import type { SpoolEntry } from './types';

/** Position of the first entry that waits on disk only. */
export interface DiskCursor {
  segment: Segment;
  offset: number;
}

export interface DiskReadResult {
  entries: SpoolEntry[];
  /** Position after the last entry read. */
  cursor: DiskCursor;
  /** receivedAt of the next entry on disk, when the read saw it. */
  nextReceivedAt: number | null;
  /** True when the read reached the end of the last segment. */
  reachedEnd: boolean;
}

/** Reports a corrupt byte range found while reading back entries, after the record with `afterSeq` if the read saw one. */
export type CorruptRangeHandler = (
  segment: Segment,
  start: number,
  end: number,
  afterSeq: number | null,
) => void;

/**
 * Reads up to `maxEntries` committed entries from `cursor` onward, crossing
 * into later segments as needed and skipping entries acknowledged before a restart.
 */
export async function readDiskEntries(
  segments: SegmentSet,
  cursor: DiskCursor,
  maxEntries: number,
  onCorrupt: CorruptRangeHandler,
): Promise<DiskReadResult> {
  const entries: SpoolEntry[] = [];
  let { segment, offset } = cursor;
  let nextReceivedAt: number | null = null;
  let previousSeq: number | null = null;

  while (entries.length < maxEntries) {
    // A retired segment is fully acknowledged, so none of its entries wait on disk.
    if (offset >= segment.committedBytes || segment.retired) {
      const next = segments.after(segment);
      if (!next) return { entries, cursor: { segment, offset }, nextReceivedAt, reachedEnd: true };

      segment.recoveredAcks = null;
      segment = next;
      offset = 0;
      continue;
    }

    const current = segment;
    const handle = await open(current.logPath, 'r');
    try {
      const result = await scanSegment(handle, offset, current.committedBytes, {
        onRecord: (record) => {
          const seq = recordSeqAt(record.source, record.position);
          if (current.recoveredAcks?.has(seq)) {
            previousSeq = seq;
            return true;
          }

          if (entries.length >= maxEntries) {
            nextReceivedAt = recordReceivedAtAt(record.source, record.position);
            return false;
          }
          entries.push(decodeRecord(record.source, record.position, record.length));
          previousSeq = seq;
          return true;
        },
        onCorrupt: (start, end) => onCorrupt(current, start, end, previousSeq),
      });
      offset = result.stoppedAt;
    } finally {
      await handle.close();
    }
  }

  return { entries, cursor: { segment, offset }, nextReceivedAt, reachedEnd: false };
}
