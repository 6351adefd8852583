import { crc32 } from './crc32';

// Acknowledgement log record: the acknowledged seq as float64 LE, then the CRC-32
// of those 8 bytes as uint32 LE. The fixed size keeps records aligned, so a torn
// tail is simply a file size that is not a multiple of ACK_RECORD_BYTES.
export const ACK_RECORD_BYTES = 12;

/** Encodes acknowledged seqs into one buffer for a single write. */
export function encodeAcks(seqs: readonly number[]): Buffer {
  const buffer = Buffer.allocUnsafe(seqs.length * ACK_RECORD_BYTES);

  for (let index = 0; index < seqs.length; index++) {
    const offset = index * ACK_RECORD_BYTES;
    buffer.writeDoubleLE(seqs[index], offset);
    buffer.writeUInt32LE(crc32(buffer.subarray(offset, offset + 8)), offset + 8);
  }
  return buffer;
}

export interface DecodedAcks {
  seqs: number[];
  /** Bytes up to the end of the last whole record. New records are written from here. */
  alignedBytes: number;
  /** Whole records whose checksum or value was invalid. */
  corruptRecords: number;
  /** Bytes after the last whole record, left by a torn write. */
  tornBytes: number;
}

/** Decodes an acknowledgement log, skipping corrupt records. */
export function decodeAcks(content: Buffer): DecodedAcks {
  const alignedBytes = content.length - (content.length % ACK_RECORD_BYTES);
  const seqs: number[] = [];
  let corruptRecords = 0;

  for (let offset = 0; offset < alignedBytes; offset += ACK_RECORD_BYTES) {
    const seq = content.readDoubleLE(offset);
    const intact = crc32(content.subarray(offset, offset + 8)) === content.readUInt32LE(offset + 8);

    if (intact && Number.isSafeInteger(seq) && seq >= 1) seqs.push(seq);
    else corruptRecords++;
  }
  return { seqs, alignedBytes, corruptRecords, tornBytes: content.length - alignedBytes };
}
