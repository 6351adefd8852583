import type { FileHandle } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { writeFully, writeFullySync } from './file-io';
import type { WriteMode } from './options';

/** A synchronous write that takes longer than this, in ms, counts as slow. */
export const SLOW_WRITE_MS = 20;

/** After a slow write, writes go through the thread pool for this long, in ms. */
export const ASYNC_AFTER_SLOW_MS = 30_000;

/**
 * Writes records synchronously while the disk is fast, else on libuv's thread
 * pool. A write into the page cache is quick, and the trip through the thread
 * pool delays every reply that waits for the spool. A disk that stalls would
 * stall the event loop too, so one slow write sends the writes of the next
 * ASYNC_AFTER_SLOW_MS through the pool.
 */
export class DiskWriter {
  private asyncUntil = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly writeMode: WriteMode,
    private readonly onSlowWrite: (tookMs: number) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The way the next write runs. */
  get mode(): 'sync' | 'async' {
    return this.writeMode === 'async' || this.now() < this.asyncUntil ? 'async' : 'sync';
  }

  /**
   * Writes all of `buffer` at `position`, or at the file's current offset when
   * it is null. Errors reject, whichever way the write ran.
   */
  async write(handle: FileHandle, buffer: Buffer, position: number | null): Promise<void> {
    if (this.mode === 'async') {
      await writeFully(handle, buffer, position);
      return;
    }

    const startedAt = this.now();
    writeFullySync(handle.fd, buffer, position);
    const tookMs = this.now() - startedAt;
    if (tookMs <= SLOW_WRITE_MS) return;

    this.asyncUntil = this.now() + ASYNC_AFTER_SLOW_MS;
    this.onSlowWrite(tookMs);
  }
}
