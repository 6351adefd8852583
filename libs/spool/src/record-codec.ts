import { crc32 } from './crc32';
import type { SpoolEntry } from './types';

// Segment record layout, little-endian:
//   0  magic             4 bytes  FF 54 4C 31. 0xFF never occurs in UTF-8 text, so a
//                                 reader that lost its place can search for the next record.
//   4  payload length    uint32   bytes from offset 12 to the end of the record
//   8  CRC-32            uint32   over the payload length field and the payload
//  12  seq               float64  exact for integers up to 2^53
//  20  receivedAt        float64  epoch milliseconds
//  28  id length         uint16   UTF-8 bytes of the id
//  30  id, then body     UTF-8

export const RECORD_MAGIC = Buffer.from([0xff, 0x54, 0x4c, 0x31]);
const MAGIC_VALUE = RECORD_MAGIC.readUInt32LE(0);

export const HEADER_BYTES = 12;
const FIXED_PAYLOAD_BYTES = 18;
export const MIN_RECORD_BYTES = HEADER_BYTES + FIXED_PAYLOAD_BYTES;
export const MAX_ID_BYTES = 0xffff;
const MAX_PAYLOAD_BYTES = 0xffffffff;

/** An entry ready to encode, with the UTF-8 sizes measured once at admission. */
export interface EncodableEntry {
  seq: number;
  receivedAt: number;
  id: string;
  body: string;
  idBytes: number;
  bodyBytes: number;
  recordBytes: number;
}

/** Returns the encoded size of a record, or -1 when its payload cannot fit the uint32 length field. */
export function recordSize(idBytes: number, bodyBytes: number): number {
  const payload = FIXED_PAYLOAD_BYTES + idBytes + bodyBytes;
  return payload > MAX_PAYLOAD_BYTES ? -1 : HEADER_BYTES + payload;
}

/** Writes one record at `offset` and returns the offset after it. */
export function encodeRecord(target: Buffer, offset: number, entry: EncodableEntry): number {
  const payloadStart = offset + HEADER_BYTES;
  const payloadLength = entry.recordBytes - HEADER_BYTES;
  const idStart = payloadStart + FIXED_PAYLOAD_BYTES;

  target.writeUInt32LE(MAGIC_VALUE, offset);
  target.writeUInt32LE(payloadLength, offset + 4);
  target.writeDoubleLE(entry.seq, payloadStart);
  target.writeDoubleLE(entry.receivedAt, payloadStart + 8);
  target.writeUInt16LE(entry.idBytes, payloadStart + 16);
  target.write(entry.id, idStart, entry.idBytes, 'utf8');
  target.write(entry.body, idStart + entry.idBytes, entry.bodyBytes, 'utf8');

  const end = offset + entry.recordBytes;
  const lengthCrc = crc32(target.subarray(offset + 4, offset + 8));
  target.writeUInt32LE(crc32(target.subarray(payloadStart, end), lengthCrc), offset + 8);
  return end;
}

/**
 * Returns the total size of the record whose header starts at `position`, or -1
 * when the header is not a record header or claims more than `available` bytes.
 * The caller must have at least HEADER_BYTES bytes from `position`.
 */
export function recordLengthAt(source: Buffer, position: number, available: number): number {
  if (source.readUInt32LE(position) !== MAGIC_VALUE) return -1;

  const total = HEADER_BYTES + source.readUInt32LE(position + 4);
  if (total < MIN_RECORD_BYTES || total > available) return -1;
  return total;
}

/** Checks the CRC and the fields of a complete record of `length` bytes at `position`. */
export function isRecordIntact(source: Buffer, position: number, length: number): boolean {
  const payloadStart = position + HEADER_BYTES;
  const end = position + length;
  const lengthCrc = crc32(source.subarray(position + 4, position + 8));
  if (crc32(source.subarray(payloadStart, end), lengthCrc) !== source.readUInt32LE(position + 8)) {
    return false;
  }

  const seq = source.readDoubleLE(payloadStart);
  const idBytes = source.readUInt16LE(payloadStart + 16);
  return Number.isSafeInteger(seq) && seq >= 1 && idBytes <= length - MIN_RECORD_BYTES;
}

/** Reads the seq of an intact record. */
export function recordSeqAt(source: Buffer, position: number): number {
  return source.readDoubleLE(position + HEADER_BYTES);
}

/** Reads the receivedAt of an intact record. */
export function recordReceivedAtAt(source: Buffer, position: number): number {
  return source.readDoubleLE(position + HEADER_BYTES + 8);
}

/** Decodes an intact record of `length` bytes into an entry without attachment. */
export function decodeRecord(source: Buffer, position: number, length: number): SpoolEntry {
  const payloadStart = position + HEADER_BYTES;
  const idStart = payloadStart + FIXED_PAYLOAD_BYTES;
  const idEnd = idStart + source.readUInt16LE(payloadStart + 16);

  return {
    seq: source.readDoubleLE(payloadStart),
    receivedAt: source.readDoubleLE(payloadStart + 8),
    id: source.toString('utf8', idStart, idEnd),
    body: source.toString('utf8', idEnd, position + length),
  };
}
