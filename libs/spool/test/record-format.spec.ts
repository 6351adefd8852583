import { open } from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { encodeAcks, decodeAcks } from '../src/ack-log';
import { tableCrc32 } from '../src/crc32';
import { decodeRecord, encodeRecord, recordSize, type EncodableEntry } from '../src/record-codec';
import { scanSegment, type ScannedRecord } from '../src/segment-scanner';
import { makeTempDirectory, removeTempDirectories } from './helpers';

afterEach(removeTempDirectories);

function encodable(seq: number, body: string): EncodableEntry {
  const id = `id-${seq}`;
  const idBytes = Buffer.byteLength(id);
  const bodyBytes = Buffer.byteLength(body);
  return {
    seq,
    receivedAt: seq * 1000,
    id,
    body,
    idBytes,
    bodyBytes,
    recordBytes: recordSize(idBytes, bodyBytes),
  };
}

function encodeAll(entries: EncodableEntry[]): Buffer {
  const buffer = Buffer.alloc(entries.reduce((sum, entry) => sum + entry.recordBytes, 0));
  let offset = 0;
  for (const entry of entries) offset = encodeRecord(buffer, offset, entry);
  return buffer;
}

async function scanFile(
  content: Buffer,
  chunkBytes: number,
): Promise<{ seqs: number[]; corrupt: Array<[number, number]> }> {
  const file = path.join(await makeTempDirectory(), 'segment.log');
  const handle = await open(file, 'w+');
  await handle.write(content, 0, content.length, 0);
  const seqs: number[] = [];
  const corrupt: Array<[number, number]> = [];

  await scanSegment(
    handle,
    0,
    content.length,
    {
      onRecord: (record: ScannedRecord) => {
        seqs.push(decodeRecord(record.source, record.position, record.length).seq);
        return true;
      },
      onCorrupt: (start, end) => corrupt.push([start, end]),
    },
    chunkBytes,
  );
  await handle.close();
  return { seqs, corrupt };
}

describe('record format', () => {
  it('computes the same CRC-32 in JavaScript as zlib', () => {
    const samples = [
      Buffer.alloc(0),
      Buffer.from('123456789'),
      Buffer.from('{"rule":"Terminal shell in container"}'),
      Buffer.alloc(1000, 0xab),
    ];

    for (const sample of samples) expect(tableCrc32(sample)).toBe(zlib.crc32(sample));
    expect(tableCrc32(Buffer.from('6789'), tableCrc32(Buffer.from('12345')))).toBe(
      zlib.crc32(Buffer.from('123456789')),
    );
    expect(tableCrc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('decodes what it encodes', () => {
    const entry = encodable(42, '{"output":"héllo"}');

    const decoded = decodeRecord(encodeAll([entry]), 0, entry.recordBytes);

    expect(decoded).toEqual({
      seq: 42,
      receivedAt: 42_000,
      id: 'id-42',
      body: '{"output":"héllo"}',
    });
  });

  it.each([7, 64, 4096])(
    'finds records split across read chunks of %i bytes',
    async (chunkBytes) => {
      const entries = Array.from({ length: 30 }, (_, index) =>
        encodable(index + 1, 'b'.repeat(index * 13)),
      );

      const { seqs, corrupt } = await scanFile(encodeAll(entries), chunkBytes);

      expect(seqs).toEqual(entries.map((entry) => entry.seq));
      expect(corrupt).toEqual([]);
    },
  );

  // With 16-byte chunks every record needs a read, and 4,096 bytes hold all three records at once.
  it.each([16, 4096])(
    'reports one range per corrupt record in %i-byte chunks',
    async (chunkBytes) => {
      const entries = [
        encodable(1, 'a'.repeat(50)),
        encodable(2, 'b'.repeat(50)),
        encodable(3, 'c'.repeat(50)),
      ];
      const content = encodeAll(entries);
      content[entries[0].recordBytes + 20] ^= 0xff;

      const { seqs, corrupt } = await scanFile(content, chunkBytes);

      expect(seqs).toEqual([1, 3]);
      expect(corrupt).toEqual([
        [entries[0].recordBytes, entries[0].recordBytes + entries[1].recordBytes],
      ]);
    },
  );

  it('reports a truncated last record as a range up to the end', async () => {
    const entries = [encodable(1, 'a'.repeat(50)), encodable(2, 'b'.repeat(50))];
    const content = encodeAll(entries).subarray(0, entries[0].recordBytes + 20);

    const { seqs, corrupt } = await scanFile(content, 4096);

    expect(seqs).toEqual([1]);
    expect(corrupt).toEqual([[entries[0].recordBytes, content.length]]);
  });

  it('decodes acknowledgement records and skips corrupt ones', () => {
    const content = Buffer.concat([encodeAcks([5, 3, 9]), Buffer.from([1, 2])]);
    content[12] ^= 0x01;

    expect(decodeAcks(content)).toEqual({
      seqs: [5, 9],
      alignedBytes: 36,
      corruptRecords: 1,
      tornBytes: 2,
    });
  });
});
