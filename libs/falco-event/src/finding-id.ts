import { randomFillSync } from 'node:crypto';

// Random bytes are drawn in batches because one randomFillSync call per id
// costs more than the rest of the id.
const POOL_SIZE = 16 * 256;
const pool = Buffer.alloc(POOL_SIZE);
let poolOffset = POOL_SIZE;

let lastMs = -1;
let sequence = 0;

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/**
 * Returns a new UUIDv7 (RFC 9562): 48 bits of Unix time in milliseconds, then
 * random bits. Ids from one process sort in creation order. Within a
 * millisecond the 12-bit `rand_a` field is a counter that starts at a random
 * value below 2048 (RFC 9562 section 6.2, method 1). When the counter runs out,
 * the timestamp moves forward by one millisecond, and a clock that steps back
 * is ignored until it passes the last timestamp used. `now` is for tests.
 */
export function newFindingId(now: number = Date.now()): string {
  if (poolOffset + 16 > POOL_SIZE) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + 16);
  poolOffset += 16;

  if (now > lastMs) {
    lastMs = now;
    sequence = ((bytes[6] << 8) | bytes[7]) & 0x7ff;
  } else {
    sequence++;
    if (sequence > 0xfff) {
      lastMs++;
      sequence = 0;
    }
  }

  let ms = lastMs;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | (bytes[8] & 0x3f);

  return formatUuid(bytes);
}

function formatUuid(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) text += '-';
    text += HEX[bytes[i]];
  }
  return text;
}
