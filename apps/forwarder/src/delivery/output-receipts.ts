import { appendFile, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import type { Logger } from '@talaria/telemetry';

/** File name of the receipts in the spool directory. The spool ignores files it did not write. */
export const RECEIPTS_FILE_NAME = 'output-receipts.ndjson';

// Healthy outputs usually settle a finding within this time (lingerMs is 100
// ms by default). Only findings that still wait for some output after it are
// written, in one append per interval, and a crash loses at most two intervals.
const DEFAULT_WRITE_DELAY_MS = 1000;

// Lines of findings settled since they were written stay in the file. Past
// this size the file is rewritten with the live receipts only.
const COMPACT_AFTER_BYTES = 1024 * 1024;

export interface OutputReceiptsOptions {
  /** The receipts file, usually RECEIPTS_FILE_NAME in the spool directory. */
  path: string;
  logger: Logger;
  /** Time in ms a partial settlement stays in memory before it is written. */
  writeDelayMs?: number;
  /** Bytes appended after which the file is rewritten with the live receipts only; default 1 MiB. */
  compactAfterBytes?: number;
}

interface Receipt {
  seq: number;
  /** Outputs that delivered, dead-lettered or coalesced the finding. */
  outputs: Set<string>;
  /** Time the first output settled, in epoch ms, or 0 for receipts read from the file. */
  notedAt: number;
  /** Number of `outputs` the file already contains. */
  written: number;
}

/**
 * Remembers which outputs already settled a finding whose spool entry is not
 * acknowledged yet, because another output still waits for it. After a
 * restart the forwarder skips those outputs for the replayed finding, so an
 * output that was down does not make the healthy ones receive its backlog
 * twice.
 *
 * A graceful stop writes every receipt. After a crash, the receipts noted in
 * the last one to two writeDelayMs are missing, and those findings reach every
 * output again, with their finding ids unchanged.
 */
export class OutputReceipts {
  private readonly live = new Map<string, Receipt>();
  /** Receipts read at start whose findings the consumer has not taken yet. */
  private readonly recovered: Map<string, Receipt>;
  private readonly writeDelayMs: number;
  private readonly timer: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();
  private appendedBytes = 0;
  private highestTakenSeq = 0;
  private closed = false;

  private constructor(
    private readonly options: OutputReceiptsOptions,
    recovered: Map<string, Receipt>,
  ) {
    this.recovered = recovered;
    this.writeDelayMs = options.writeDelayMs ?? DEFAULT_WRITE_DELAY_MS;
    this.timer = setInterval(() => this.writeDue(), this.writeDelayMs);
    this.timer.unref();
  }

  /** Reads the receipts a previous run left. A missing file means there are none. */
  static async open(options: OutputReceiptsOptions): Promise<OutputReceipts> {
    const recovered = await readReceipts(options.path, options.logger);
    if (recovered.size > 0) {
      options.logger.info(
        { findings: recovered.size, path: options.path },
        'read output receipts: replayed findings skip the outputs that already settled them',
      );
    }
    return new OutputReceipts(options, recovered);
  }

  /** Number of receipts in memory, live and recovered. */
  get size(): number {
    return this.live.size + this.recovered.size;
  }

  /**
   * Returns the outputs that settled the finding before a restart, if any.
   * Call it once per spool entry the consumer takes.
   */
  settledBefore(id: string, seq: number): ReadonlySet<string> | undefined {
    if (seq > this.highestTakenSeq) this.highestTakenSeq = seq;
    if (this.recovered.size === 0) return undefined;

    const receipt = this.recovered.get(id);
    if (receipt === undefined) return undefined;

    this.recovered.delete(id);
    this.live.set(id, receipt);
    return receipt.outputs;
  }

  /** Records that `output` settled the finding while other outputs still wait for it. */
  noteSettled(id: string, seq: number, output: string): void {
    const receipt = this.live.get(id);
    if (receipt === undefined) {
      this.live.set(id, { seq, outputs: new Set([output]), notedAt: Date.now(), written: 0 });
      return;
    }
    receipt.outputs.add(output);
  }

  /** Drops the receipt once the finding's spool entry is acknowledged. */
  forget(id: string): void {
    this.live.delete(id);
  }

  /** Writes every receipt and stops the timer. Call it after the outputs stopped settling findings. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    await this.enqueueWrite(() => this.compact());
  }

  private writeDue(): void {
    const cutoff = Date.now() - this.writeDelayMs;
    let lines = '';
    for (const [id, receipt] of this.live) {
      if (receipt.notedAt > cutoff || receipt.written === receipt.outputs.size) continue;
      lines += receiptLine(id, receipt);
      receipt.written = receipt.outputs.size;
    }
    if (lines === '') return;

    void this.enqueueWrite(async () => {
      await appendFile(this.options.path, lines);
      this.appendedBytes += Buffer.byteLength(lines);
      const limit = this.options.compactAfterBytes ?? COMPACT_AFTER_BYTES;
      if (this.appendedBytes > limit) await this.compact();
    });
  }

  /** Rewrites the file with the receipts still needed, or removes it when none are. */
  private async compact(): Promise<void> {
    let lines = '';
    for (const [id, receipt] of this.live) {
      lines += receiptLine(id, receipt);
      receipt.written = receipt.outputs.size;
    }
    // Entries come out of the spool in seq order, so a recovered receipt below
    // the highest seq taken belongs to an entry acknowledged before the restart.
    for (const [id, receipt] of this.recovered) {
      if (receipt.seq < this.highestTakenSeq) this.recovered.delete(id);
      else lines += receiptLine(id, receipt);
    }

    this.appendedBytes = 0;
    if (lines === '') {
      await unlink(this.options.path).catch(ignoreMissing);
      return;
    }
    const temporary = `${this.options.path}.tmp`;
    await writeFile(temporary, lines);
    await rename(temporary, this.options.path);
  }

  /** Runs file writes one at a time. A failed write is logged, and its findings may then reach outputs twice. */
  private enqueueWrite(write: () => Promise<void>): Promise<void> {
    this.writing = this.writing.then(write).catch((error: unknown) => {
      this.options.logger.error(
        { err: error, path: this.options.path, findings: this.live.size },
        'writing output receipts failed; after a restart these findings may reach outputs that already have them',
      );
    });
    return this.writing;
  }
}

function receiptLine(id: string, receipt: Receipt): string {
  return `${JSON.stringify({ seq: receipt.seq, id, outputs: [...receipt.outputs] })}\n`;
}

async function readReceipts(path: string, logger: Logger): Promise<Map<string, Receipt>> {
  const receipts = new Map<string, Receipt>();
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return receipts;
    throw error;
  }

  let unreadable = 0;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const record = parseReceiptLine(line);
    if (record === undefined) {
      unreadable++;
      continue;
    }

    const known = receipts.get(record.id);
    if (known === undefined) {
      receipts.set(record.id, {
        seq: record.seq,
        outputs: new Set(record.outputs),
        notedAt: 0,
        written: record.outputs.length,
      });
    } else {
      for (const output of record.outputs) known.outputs.add(output);
      known.written = known.outputs.size;
    }
  }

  // A crash while appending leaves a torn last line. Its findings are sent to every output again.
  if (unreadable > 0) {
    logger.warn(
      { path, unreadableLines: unreadable },
      'skipped unreadable lines of the output receipts; their findings may reach outputs twice',
    );
  }
  return receipts;
}

function parseReceiptLine(
  line: string,
): { seq: number; id: string; outputs: string[] } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }

  const record = value as { seq?: unknown; id?: unknown; outputs?: unknown };
  if (
    typeof record !== 'object' ||
    record === null ||
    !Number.isSafeInteger(record.seq) ||
    typeof record.id !== 'string' ||
    !Array.isArray(record.outputs) ||
    !record.outputs.every((output) => typeof output === 'string')
  ) {
    return undefined;
  }
  return { seq: record.seq as number, id: record.id, outputs: record.outputs as string[] };
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}
