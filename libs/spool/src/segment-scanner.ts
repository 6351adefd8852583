import type { FileHandle } from 'node:fs/promises';
import { HEADER_BYTES, RECORD_MAGIC, isRecordIntact, recordLengthAt } from './record-codec';

const DEFAULT_CHUNK_BYTES = 1024 * 1024;

/** An intact record found by {@link scanSegment}; `source` and `position` locate its bytes. */
export interface ScannedRecord {
  /** File offset of the record. */
  offset: number;
  /** Record size in bytes. */
  length: number;
  source: Buffer;
  position: number;
}

export interface ScanHandlers {
  /** Called for each intact record in file order. Returning false stops the scan before this record. */
  onRecord(record: ScannedRecord): boolean;
  /** Called once for each corrupt byte range [start, end) that the scan skipped. */
  onCorrupt(start: number, end: number): void;
}

export interface ScanResult {
  /** Offset at which the scan stopped: the record refused by onRecord, or `end`. */
  stoppedAt: number;
  /** End offset of the last intact record, or `start` when there was none. */
  validEnd: number;
}

/**
 * Reads the records of a segment file between byte offsets `start` and `end`.
 * A corrupt record (torn write, bad checksum) is skipped by searching for the
 * next record header, so the records after it are still found.
 */
export async function scanSegment(
  handle: FileHandle,
  start: number,
  end: number,
  handlers: ScanHandlers,
  chunkBytes = DEFAULT_CHUNK_BYTES,
): Promise<ScanResult> {
  const window = new FileWindow(handle, end, chunkBytes);
  let position = start;
  let validEnd = start;
  let corruptStart: number | null = null;

  while (position < end) {
    const length = await intactRecordLength(window, position, end);

    if (length < 0) {
      corruptStart ??= position;
      position = await findNextMagic(window, position + 1, end);
      continue;
    }

    if (corruptStart !== null) {
      handlers.onCorrupt(corruptStart, position);
      corruptStart = null;
    }
    const record = {
      offset: position,
      length,
      source: window.data,
      position: window.indexOf(position),
    };
    if (!handlers.onRecord(record)) return { stoppedAt: position, validEnd };

    position += length;
    validEnd = position;
  }

  if (corruptStart !== null) handlers.onCorrupt(corruptStart, end);
  return { stoppedAt: end, validEnd };
}

/** Returns the size of the intact record at `position`, or -1 when there is none. */
async function intactRecordLength(
  window: FileWindow,
  position: number,
  end: number,
): Promise<number> {
  if (!(await window.load(position, HEADER_BYTES))) return -1;

  const length = recordLengthAt(window.data, window.indexOf(position), end - position);
  if (length < 0 || !(await window.load(position, length))) return -1;

  return isRecordIntact(window.data, window.indexOf(position), length) ? length : -1;
}

/** Returns the offset of the next record magic at or after `from`, or `end` when there is none. */
async function findNextMagic(window: FileWindow, from: number, end: number): Promise<number> {
  let searchFrom = from;

  while (end - searchFrom >= RECORD_MAGIC.length) {
    if (!(await window.load(searchFrom, RECORD_MAGIC.length))) return end;

    const found = window.data.indexOf(RECORD_MAGIC, window.indexOf(searchFrom));
    if (found >= 0) return Math.min(window.offsetOf(found), end);

    // Step back by the magic length minus one so a magic split across two chunks is found.
    const next = window.loadedEnd - (RECORD_MAGIC.length - 1);
    if (next <= searchFrom) return end;
    searchFrom = next;
    await window.loadFresh(searchFrom);
  }
  return end;
}

/** A buffered slice of a file, refilled on demand, that never reads past `end`. */
class FileWindow {
  data = Buffer.alloc(0);
  private start = 0;

  constructor(
    private readonly handle: FileHandle,
    private readonly end: number,
    private readonly chunkBytes: number,
  ) {}

  get loadedEnd(): number {
    return this.start + this.data.length;
  }

  indexOf(offset: number): number {
    return offset - this.start;
  }

  offsetOf(index: number): number {
    return this.start + index;
  }

  /** Makes bytes [offset, offset + length) available and returns false when the file or `end` stops first. */
  async load(offset: number, length: number): Promise<boolean> {
    if (offset >= this.start && offset + length <= this.loadedEnd) return true;
    if (offset + length > this.end) return false;

    await this.read(offset, Math.max(length, this.chunkBytes));
    return offset + length <= this.loadedEnd;
  }

  /** Reads a new chunk from `offset`, even if part of it is already loaded. */
  async loadFresh(offset: number): Promise<void> {
    await this.read(offset, this.chunkBytes);
  }

  private async read(offset: number, requestedBytes: number): Promise<void> {
    const size = Math.min(requestedBytes, this.end - offset);
    const buffer = Buffer.allocUnsafe(size);
    let filled = 0;

    while (filled < size) {
      const { bytesRead } = await this.handle.read(buffer, filled, size - filled, offset + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    this.data = buffer.subarray(0, filled);
    this.start = offset;
  }
}
