/**
 * Joins alert lines into NDJSON request bodies of `batchSize` alerts each,
 * cycling through the lines so every line is sent and every body is full.
 * Returns at most `maxBatches` bodies, each ending with a newline.
 */
export function buildNdjsonBatches(
  lines: readonly string[],
  batchSize: number,
  maxBatches: number,
): string[] {
  if (lines.length === 0) throw new Error('no alert lines to batch');
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`the batch size must be a positive integer; got ${batchSize}`);
  }

  const batchCount = Math.min(maxBatches, Math.max(1, Math.ceil(lines.length / batchSize)));
  const bodies: string[] = [];

  for (let batch = 0; batch < batchCount; batch += 1) {
    const body: string[] = [];
    for (let offset = 0; offset < batchSize; offset += 1) {
      body.push(lines[(batch * batchSize + offset) % lines.length]);
    }
    bodies.push(`${body.join('\n')}\n`);
  }
  return bodies;
}
