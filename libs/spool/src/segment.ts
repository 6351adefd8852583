import path from 'node:path';
import type { FileHandle } from 'node:fs/promises';
import type { SeqBitset } from './seq-bitset';

const NAME_PATTERN = /^(\d{20})\.(log|acks)$/;

/** Returns the segment log file name for a first seq, for example `00000000000000000001.log`. */
export function segmentLogName(firstSeq: number): string {
  return `${String(firstSeq).padStart(20, '0')}.log`;
}

/** Parses a segment log or acknowledgement log file name, or returns null for any other name. */
export function parseSegmentFileName(
  name: string,
): { firstSeq: number; kind: 'log' | 'acks' } | null {
  const match = NAME_PATTERN.exec(name);
  if (!match) return null;

  const firstSeq = Number(match[1]);
  if (!Number.isSafeInteger(firstSeq) || firstSeq < 1) return null;
  return { firstSeq, kind: match[2] as 'log' | 'acks' };
}

/**
 * State of one segment: its log file of records with seqs from `firstSeq`
 * upward, and the acknowledgement log beside it.
 */
export class Segment {
  readonly logName: string;
  readonly logPath: string;
  readonly ackPath: string;

  /** Highest seq written, or firstSeq - 1 while the segment is empty. */
  lastSeq: number;
  /** Bytes written to the log file, including a failed write's leftovers that could not be truncated. */
  fileBytes = 0;
  /** Bytes of records whose appends resolved, which readers may read. */
  committedBytes = 0;
  /** Committed records not yet acknowledged. */
  liveCount = 0;
  /** Bytes of whole records in the acknowledgement log. */
  ackBytes = 0;
  ackHandle: FileHandle | null = null;
  /** Acknowledged seqs read at recovery, kept only while the disk reader still has to skip them. */
  recoveredAcks: SeqBitset | null = null;
  /** Set once no more records will be written to this segment. */
  sealed = false;
  /**
   * Set once the segment is sealed and every record written to it is committed,
   * so its liveCount can only fall. Until then a liveCount of zero does not mean
   * that the segment may be deleted.
   */
  complete = false;
  /** Set when the segment is sealed and fully acknowledged, so its files are being deleted. */
  retired = false;
  logDirty = false;
  ackDirty = false;

  constructor(
    directory: string,
    readonly firstSeq: number,
  ) {
    this.logName = segmentLogName(firstSeq);
    this.logPath = path.join(directory, this.logName);
    this.ackPath = this.logPath.replace(/\.log$/, '.acks');
    this.lastSeq = firstSeq - 1;
  }
}

/** The live segments in seq order, with the byte totals that the size bound needs. */
export class SegmentSet {
  private readonly list: Segment[] = [];
  private logBytesTotal = 0;
  private ackBytesTotal = 0;

  get count(): number {
    return this.list.length;
  }

  get logBytes(): number {
    return this.logBytesTotal;
  }

  get ackBytes(): number {
    return this.ackBytesTotal;
  }

  [Symbol.iterator](): Iterator<Segment> {
    return this.list[Symbol.iterator]();
  }

  add(segment: Segment): void {
    const index = this.indexAfter(segment.firstSeq);
    this.list.splice(index, 0, segment);
    this.logBytesTotal += segment.fileBytes;
    this.ackBytesTotal += segment.ackBytes;
  }

  remove(segment: Segment): void {
    const index = this.list.indexOf(segment);
    if (index < 0) return;

    this.list.splice(index, 1);
    this.logBytesTotal -= segment.fileBytes;
    this.ackBytesTotal -= segment.ackBytes;
  }

  /** Sets the log file size of a segment in the set. */
  setFileBytes(segment: Segment, bytes: number): void {
    this.logBytesTotal += bytes - segment.fileBytes;
    segment.fileBytes = bytes;
  }

  /** Sets the acknowledgement log size of a segment in the set. */
  setAckBytes(segment: Segment, bytes: number): void {
    this.ackBytesTotal += bytes - segment.ackBytes;
    segment.ackBytes = bytes;
  }

  /** Returns the segment whose seq range contains `seq`. */
  find(seq: number): Segment | undefined {
    const index = this.indexAfter(seq) - 1;
    return index >= 0 ? this.list[index] : undefined;
  }

  /** Returns the first segment after `segment` in seq order, even if `segment` has left the set. */
  after(segment: Segment): Segment | undefined {
    return this.list[this.indexAfter(segment.firstSeq)];
  }

  /** Returns the index of the first segment whose firstSeq is greater than `seq`. */
  private indexAfter(seq: number): number {
    let low = 0;
    let high = this.list.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.list[middle].firstSeq <= seq) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
