import { createReadStream, promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';

const NEWLINE = 0x0a;

/**
 * Counts the complete lines (those ending with a newline) of an NDJSON file
 * and of its rotated copies `FILE.1`, `FILE.2` and so on. A missing file
 * counts as empty. A last line without its newline is still being written,
 * so it is not counted.
 */
export async function countCompleteLines(path: string): Promise<number> {
  let lines = 0;
  for (const file of await outputFiles(path)) lines += await countNewlines(file);
  return lines;
}

/** Sum of the sizes of the file and its rotated copies, in bytes. */
export async function outputBytes(path: string): Promise<number> {
  let bytes = 0;
  for (const file of await outputFiles(path)) bytes += (await fs.stat(file)).size;
  return bytes;
}

async function outputFiles(path: string): Promise<string[]> {
  const directory = dirname(path);
  const name = basename(path);
  let entries: string[];
  try {
    entries = await fs.readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }

  const rotated = new RegExp(`^${escapeRegExp(name)}\\.\\d+$`);
  return entries
    .filter((entry) => entry === name || rotated.test(entry))
    .map((entry) => join(directory, entry));
}

async function countNewlines(file: string): Promise<number> {
  let count = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
    const bytes = chunk as Buffer;
    let position = bytes.indexOf(NEWLINE);
    while (position !== -1) {
      count += 1;
      position = bytes.indexOf(NEWLINE, position + 1);
    }
  }
  return count;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface SettleOptions {
  path: string;
  /** The output counts as settled once its size has not changed for this long. */
  quietMs: number;
  /** Maximum wait. The result reports whether the output settled before it. */
  timeoutMs: number;
  pollMs: number;
  /** Extra condition for settling, such as the forwarder having nothing left to deliver. */
  isIdle?: () => Promise<boolean>;
}

export interface SettledOutput {
  lines: number;
  settled: boolean;
  /** performance.now() when the output last grew, or when the wait began if it never grew. */
  lastGrowthAtMs: number;
}

/**
 * Waits until an output that is written asynchronously stops growing, then
 * counts its lines. Growth is watched by file size so each poll stays cheap.
 */
export async function waitForOutputToSettle(options: SettleOptions): Promise<SettledOutput> {
  const startedAt = performance.now();
  let lastBytes = await outputBytes(options.path);
  let lastGrowthAtMs = startedAt;
  let settled = false;

  while (performance.now() - startedAt < options.timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, options.pollMs));

    const now = performance.now();
    const bytes = await outputBytes(options.path);
    if (bytes !== lastBytes) {
      lastBytes = bytes;
      lastGrowthAtMs = now;
      continue;
    }

    const quietLongEnough = now - lastGrowthAtMs >= options.quietMs;
    if (quietLongEnough && (options.isIdle === undefined || (await options.isIdle()))) {
      settled = true;
      break;
    }
  }

  return { lines: await countCompleteLines(options.path), settled, lastGrowthAtMs };
}
