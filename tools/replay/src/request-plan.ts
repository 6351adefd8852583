import { gzipSync } from 'node:zlib';
import type { ReplayMode } from './replay-options';

/** One prepared request: its body bytes and the corpus bodies it carries. */
export interface PlannedRequest {
  payload: Buffer;
  /** Index in the corpus of each alert the request carries, in order. */
  bodyIndexes: number[];
}

export interface RequestPlan {
  contentType: string;
  requests: PlannedRequest[];
}

/**
 * Packs the corpus into request bodies. The alert texts are joined as they
 * are, never parsed, so every digit and every malformed byte reaches the
 * forwarder unchanged.
 */
export function planRequests(
  bodies: readonly string[],
  mode: ReplayMode,
  batchSize: number,
  gzip: boolean,
): RequestPlan {
  const groups =
    mode === 'single'
      ? bodies.map((_body, index) => [index])
      : chunkIndexes(bodies.length, batchSize);

  const requests = groups.map((bodyIndexes) => {
    const texts = bodyIndexes.map((index) => bodies[index]);
    const text =
      mode === 'single'
        ? texts[0]
        : mode === 'array'
          ? `[${texts.join(',')}]`
          : `${texts.join('\n')}\n`;
    const raw = Buffer.from(text, 'utf8');
    return { payload: gzip ? gzipSync(raw) : raw, bodyIndexes };
  });

  return { contentType: mode === 'ndjson' ? 'application/x-ndjson' : 'application/json', requests };
}

function chunkIndexes(count: number, size: number): number[][] {
  const chunks: number[][] = [];
  for (let start = 0; start < count; start += size) {
    chunks.push(
      Array.from({ length: Math.min(size, count - start) }, (_unused, offset) => start + offset),
    );
  }
  return chunks;
}
