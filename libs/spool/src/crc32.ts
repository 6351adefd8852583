import zlib from 'node:zlib';

/** CRC-32 (IEEE 802.3 polynomial, as in zip and gzip) of `data`, continuing from `initial`. */
export type Crc32 = (data: Uint8Array, initial?: number) => number;

const REVERSED_POLYNOMIAL = 0xedb88320;

let table: Uint32Array | undefined;

function crcTable(): Uint32Array {
  if (table) return table;

  table = new Uint32Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let value = byte;
    for (let bit = 0; bit < 8; bit++) {
      value = value & 1 ? REVERSED_POLYNOMIAL ^ (value >>> 1) : value >>> 1;
    }
    table[byte] = value >>> 0;
  }
  return table;
}

/** Table-driven CRC-32 in JavaScript, used where `zlib.crc32` is missing. */
export function tableCrc32(data: Uint8Array, initial = 0): number {
  const lookup = crcTable();
  let crc = ~initial >>> 0;
  for (let index = 0; index < data.length; index++) {
    crc = lookup[(crc ^ data[index]) & 0xff] ^ (crc >>> 8);
  }
  return ~crc >>> 0;
}

// zlib.crc32 is native and much faster, but Node 20 has it only from 20.15.0
// on (see that release's notes), while this package supports every Node 20 release.
const nativeCrc32 = (zlib as { crc32?: Crc32 }).crc32;

export const crc32: Crc32 = nativeCrc32 ?? tableCrc32;
