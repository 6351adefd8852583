import { open, readdir, readFile, truncate, unlink } from 'node:fs/promises';
import path from 'node:path';
import { decodeAcks } from './ack-log';
import type { DiskCursor } from './disk-reader';
import { decodeRecord, recordReceivedAtAt, recordSeqAt } from './record-codec';
import { Segment, parseSegmentFileName } from './segment';
import { scanSegment } from './segment-scanner';
import { SeqBitset } from './seq-bitset';
import type { SpoolEntry } from './types';

/** Callbacks through which recovery reports the problems it finds. */
export interface RecoveryHooks {
  /** A corrupt byte range was skipped. `afterSeq` is the seq of the last intact record before it. */
  corrupt(segment: Segment, start: number, end: number, afterSeq: number, atTail: boolean): void;
  /** Acknowledgement log records were skipped, so their entries will be delivered again. */
  corruptAcks(segment: Segment, corruptRecords: number, tornBytes: number): void;
  /** A file operation failed that recovery can do without (truncating a torn tail, deleting an orphan). */
  fileError(error: unknown, file: string, action: string): void;
}

export interface RecoveredState {
  /** Every segment found, sealed, in seq order, including fully acknowledged ones. */
  segments: Segment[];
  /** The first unacknowledged entries, up to maxMemoryEntries. */
  memoryEntries: SpoolEntry[];
  /** Unacknowledged entries after those, left on disk. */
  diskOnlyCount: number;
  diskCursor: DiskCursor | null;
  diskHeadReceivedAt: number | null;
  /** First seq for new entries: one above every seq seen and every segment name. */
  nextSeq: number;
}

/**
 * Reads the segment files and acknowledgement logs in `directory` and returns
 * every entry not acknowledged before, in seq order. Torn tails are truncated
 * so they are reported only once. Acknowledgement logs without a segment log are deleted.
 */
export async function recoverSegments(
  directory: string,
  maxMemoryEntries: number,
  hooks: RecoveryHooks,
): Promise<RecoveredState> {
  const state: RecoveredState = {
    segments: [],
    memoryEntries: [],
    diskOnlyCount: 0,
    diskCursor: null,
    diskHeadReceivedAt: null,
    nextSeq: 1,
  };
  const files = await listSegmentFiles(directory);

  for (let index = 0; index < files.length; index++) {
    const { firstSeq, hasLog, hasAcks } = files[index];
    const segment = new Segment(directory, firstSeq);

    if (!hasLog) {
      await removeOrphanAckLog(segment, hooks);
      continue;
    }

    // Records of a segment must have seqs below the next segment's first seq.
    const seqLimit = index + 1 < files.length ? files[index + 1].firstSeq : Number.MAX_SAFE_INTEGER;
    const acked = hasAcks ? await readAckLog(segment, seqLimit, hooks) : new Set<number>();
    await readSegmentLog(segment, acked, seqLimit, maxMemoryEntries, state, hooks);

    segment.sealed = true;
    segment.complete = true;
    state.segments.push(segment);
    state.nextSeq = Math.max(state.nextSeq, segment.lastSeq + 1, firstSeq);
  }
  return state;
}

interface SegmentFiles {
  firstSeq: number;
  hasLog: boolean;
  hasAcks: boolean;
}

async function listSegmentFiles(directory: string): Promise<SegmentFiles[]> {
  const bySeq = new Map<number, SegmentFiles>();

  // Other files, such as lost+found on a volume root, are left alone.
  for (const name of await readdir(directory)) {
    const parsed = parseSegmentFileName(name);
    if (!parsed) continue;

    const files = bySeq.get(parsed.firstSeq) ?? {
      firstSeq: parsed.firstSeq,
      hasLog: false,
      hasAcks: false,
    };
    if (parsed.kind === 'log') files.hasLog = true;
    else files.hasAcks = true;
    bySeq.set(parsed.firstSeq, files);
  }
  return [...bySeq.values()].sort((left, right) => left.firstSeq - right.firstSeq);
}

async function readAckLog(
  segment: Segment,
  seqLimit: number,
  hooks: RecoveryHooks,
): Promise<Set<number>> {
  const decoded = decodeAcks(await readFile(segment.ackPath));
  const acked = new Set<number>();
  for (const seq of decoded.seqs) {
    if (seq >= segment.firstSeq && seq < seqLimit) acked.add(seq);
  }

  if (decoded.corruptRecords > 0 || decoded.tornBytes > 0) {
    hooks.corruptAcks(segment, decoded.corruptRecords, decoded.tornBytes);
  }
  if (decoded.tornBytes > 0) {
    // New acknowledgements are written from alignedBytes, so the torn bytes would be overwritten anyway.
    try {
      await truncate(segment.ackPath, decoded.alignedBytes);
    } catch (error) {
      hooks.fileError(error, segment.ackPath, 'truncate the torn tail of');
    }
  }
  segment.ackBytes = decoded.alignedBytes;
  return acked;
}

async function readSegmentLog(
  segment: Segment,
  acked: Set<number>,
  seqLimit: number,
  maxMemoryEntries: number,
  state: RecoveredState,
  hooks: RecoveryHooks,
): Promise<void> {
  const handle = await open(segment.logPath, 'r');
  let fileBytes: number;
  let validEnd: number;

  try {
    fileBytes = (await handle.stat()).size;
    const result = await scanSegment(handle, 0, fileBytes, {
      onRecord: (record) => {
        const seq = recordSeqAt(record.source, record.position);
        if (seq <= segment.lastSeq || seq >= seqLimit) {
          // An intact record out of seq order cannot come from this spool's writer.
          hooks.corrupt(
            segment,
            record.offset,
            record.offset + record.length,
            segment.lastSeq,
            false,
          );
          return true;
        }

        segment.lastSeq = seq;
        if (acked.has(seq)) return true;

        segment.liveCount++;
        if (state.diskOnlyCount === 0 && state.memoryEntries.length < maxMemoryEntries) {
          state.memoryEntries.push(decodeRecord(record.source, record.position, record.length));
          return true;
        }
        if (state.diskOnlyCount === 0) {
          state.diskCursor = { segment, offset: record.offset };
          state.diskHeadReceivedAt = recordReceivedAtAt(record.source, record.position);
        }
        state.diskOnlyCount++;
        return true;
      },
      onCorrupt: (start, end) =>
        hooks.corrupt(segment, start, end, segment.lastSeq, end === fileBytes),
    });
    validEnd = result.validEnd;
  } finally {
    await handle.close();
  }

  segment.fileBytes = await truncateTornTail(segment, fileBytes, validEnd, hooks);
  segment.committedBytes = segment.fileBytes;

  // Entries read back from disk later must skip the ones acknowledged before the restart.
  if (state.diskCursor !== null && acked.size > 0) {
    segment.recoveredAcks = new SeqBitset(segment.firstSeq, segment.lastSeq - segment.firstSeq + 1);
    for (const seq of acked) segment.recoveredAcks.add(seq);
  }
}

/** Cuts a torn or corrupt tail off a segment log and returns the resulting size. */
async function truncateTornTail(
  segment: Segment,
  fileBytes: number,
  validEnd: number,
  hooks: RecoveryHooks,
): Promise<number> {
  if (validEnd === fileBytes) return fileBytes;

  try {
    await truncate(segment.logPath, validEnd);
    return validEnd;
  } catch (error) {
    hooks.fileError(error, segment.logPath, 'truncate the torn tail of');
    return fileBytes;
  }
}

async function removeOrphanAckLog(segment: Segment, hooks: RecoveryHooks): Promise<void> {
  try {
    await unlink(segment.ackPath);
  } catch (error) {
    hooks.fileError(
      error,
      path.basename(segment.ackPath),
      'delete the orphaned acknowledgement log',
    );
  }
}
