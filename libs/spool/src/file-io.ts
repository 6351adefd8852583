import { writeSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/**
 * Writes all of `buffer` at `position`, repeating after a short write. A null
 * position writes at the file's current offset, the end for a file opened to append.
 */
export async function writeFully(
  handle: FileHandle,
  buffer: Buffer,
  position: number | null,
): Promise<void> {
  let written = 0;
  while (written < buffer.length) {
    const { bytesWritten } = await handle.write(
      buffer,
      written,
      buffer.length - written,
      position === null ? null : position + written,
    );
    if (bytesWritten === 0)
      throw new Error(`write returned 0 bytes at offset ${position ?? 'end'}`);
    written += bytesWritten;
  }
}

/** Like writeFully, for the open file `fd`, without leaving the event loop. */
export function writeFullySync(fd: number, buffer: Buffer, position: number | null): void {
  let written = 0;
  while (written < buffer.length) {
    const bytesWritten = writeSync(
      fd,
      buffer,
      written,
      buffer.length - written,
      position === null ? null : position + written,
    );
    if (bytesWritten === 0)
      throw new Error(`write returned 0 bytes at offset ${position ?? 'end'}`);
    written += bytesWritten;
  }
}

/** Calls fsync on a directory, so that the files created in it survive a power loss. */
export async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Returns the error's code, such as ENOENT, or undefined. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
