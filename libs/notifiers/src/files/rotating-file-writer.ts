import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { ASYNC_AFTER_SLOW_MS, DiskWriter } from '@talaria/spool';
import type { Logger } from '@talaria/telemetry';

export interface RotatingFileOptions {
  /** File written to; rotated copies get the suffixes `.1` (newest) to `.<maxFiles>` (oldest). */
  path: string;
  /** Size in bytes at which the file is rotated before the next write. */
  maxBytes: number;
  /** Rotated copies kept besides the active file; 0 keeps none (the file is truncated instead). */
  maxFiles: number;
  /** Called when a write took so long that the next ASYNC_AFTER_SLOW_MS of writes use the thread pool. */
  onSlowWrite?: (tookMs: number) => void;
}

/**
 * Appends text to a file and rotates it by size. Writes are serialised, and
 * each `append` call lands in one file, so a batch is never split between
 * two files. A single append larger than `maxBytes` still goes into a fresh
 * file whole. Creates the directory on first write. Writes run on the event
 * loop while the disk is fast, as the spool's do (see DiskWriter).
 */
export class RotatingFileWriter {
  private handle?: FileHandle;
  private size = 0;
  private tail: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly disk: DiskWriter;

  constructor(readonly options: RotatingFileOptions) {
    this.disk = new DiskWriter('adaptive', options.onSlowWrite ?? (() => undefined));
    if (!Number.isInteger(options.maxBytes) || options.maxBytes < 1) {
      throw new RangeError(`maxBytes must be a positive integer; got ${options.maxBytes}`);
    }
    if (!Number.isInteger(options.maxFiles) || options.maxFiles < 0) {
      throw new RangeError(`maxFiles must be zero or a positive integer; got ${options.maxFiles}`);
    }
  }

  /** Appends `text`, rotating first when it would push the file past `maxBytes`. */
  append(text: string): Promise<void> {
    return this.serialise(async () => {
      if (this.closed)
        throw new Error(`file ${this.options.path} is closed; no more writes are accepted`);

      const data = Buffer.from(text, 'utf8');
      const handle = await this.openHandle();
      if (this.size > 0 && this.size + data.length > this.options.maxBytes) {
        await this.rotate(handle);
      }

      const current = await this.openHandle();
      try {
        // The file is open for appending, so each write lands at its end.
        await this.disk.write(current, data, null);
      } catch (error) {
        // A failed write leaves the size unknown: reopen and stat again next time.
        this.handle = undefined;
        await current.close().catch(() => undefined);
        throw error;
      }
      this.size += data.length;
    });
  }

  /** Flushes to disk with fsync and closes the file; later appends are rejected. */
  close(): Promise<void> {
    return this.serialise(async () => {
      this.closed = true;
      const handle = this.handle;
      this.handle = undefined;
      if (handle === undefined) return;
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    });
  }

  private serialise(step: () => Promise<void>): Promise<void> {
    const result = this.tail.then(step);
    // The chain must survive a failed step, or every later write would fail too.
    this.tail = result.catch(() => undefined);
    return result;
  }

  private async openHandle(): Promise<FileHandle> {
    if (this.handle !== undefined) return this.handle;

    await fs.mkdir(path.dirname(this.options.path), { recursive: true });
    const handle = await fs.open(this.options.path, 'a');
    try {
      this.size = (await handle.stat()).size;
    } catch (error) {
      await handle.close();
      throw error;
    }
    this.handle = handle;
    return handle;
  }

  /** Shifts `file.N` to `file.N+1` (dropping the oldest) and starts an empty active file. */
  private async rotate(handle: FileHandle): Promise<void> {
    await handle.sync();
    await handle.close();
    this.handle = undefined;

    const base = this.options.path;
    const maxFiles = this.options.maxFiles;
    if (maxFiles === 0) {
      await fs.truncate(base, 0);
    } else {
      await removeIfPresent(`${base}.${maxFiles}`);
      for (let index = maxFiles - 1; index >= 1; index -= 1) {
        await renameIfPresent(`${base}.${index}`, `${base}.${index + 1}`);
      }
      await fs.rename(base, `${base}.1`);
    }
    this.size = 0;
  }
}

async function removeIfPresent(file: string): Promise<void> {
  await fs.rm(file, { force: true });
}

async function renameIfPresent(from: string, to: string): Promise<void> {
  try {
    await fs.rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Returns an onSlowWrite listener that logs one warning per switch to the thread pool. */
export function warnOnSlowWrite(
  logger: Logger | undefined,
  fields: Record<string, unknown>,
  fileDescription: string,
): ((tookMs: number) => void) | undefined {
  if (logger === undefined) return undefined;
  return (tookMs) =>
    logger.warn(
      { ...fields, tookMs: Math.round(tookMs) },
      `a write to ${fileDescription} took ${Math.round(tookMs)} ms; writing on the thread pool for the next ${ASYNC_AFTER_SLOW_MS / 1000} s so the event loop stays free`,
    );
}
