import { SpoolError } from '../src';
import {
  bodies,
  makeInput,
  makeInputs,
  makeTempDirectory,
  openSpool,
  removeTempDirectories,
  takeCount,
} from './helpers';

afterEach(removeTempDirectories);

describe('Spool append, take and ack', () => {
  it('returns entries in append order with increasing seqs', async () => {
    const { spool } = await openSpool(await makeTempDirectory());
    const inputs = makeInputs(1, 5);

    const result = await spool.append(inputs);
    const entries = await spool.take(10);

    expect(result.rejected).toEqual([]);
    expect(result.accepted).toEqual(
      inputs.map((input, index) => ({ id: input.id, seq: index + 1 })),
    );
    expect(bodies(entries)).toEqual(bodies(inputs as never));
    expect(entries.map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(entries.map((entry) => entry.receivedAt)).toEqual(
      inputs.map((input) => input.receivedAt),
    );
    await spool.close();
  });

  it('keeps order across separate appends and takes', async () => {
    const { spool } = await openSpool(await makeTempDirectory());

    await spool.append(makeInputs(1, 3));
    await spool.append(makeInputs(4, 3));
    const first = await spool.take(2);
    const rest = await spool.take(10);

    expect([...first, ...rest].map((entry) => entry.id)).toEqual(
      [1, 2, 3, 4, 5, 6].map((index) => `alert-${index}`),
    );
    await spool.close();
  });

  it('take waits for the next append', async () => {
    const { spool } = await openSpool(await makeTempDirectory());

    const waiting = spool.take(5);
    await spool.append([makeInput(7)]);

    expect((await waiting).map((entry) => entry.id)).toEqual(['alert-7']);
    await spool.close();
  });

  it('keeps the attachment of entries served from memory', async () => {
    const { spool } = await openSpool(await makeTempDirectory());
    const attachment = { parsed: true };

    await spool.append([{ ...makeInput(1), attachment }]);
    const [entry] = await spool.take(1);

    expect(entry.attachment).toBe(attachment);
    await spool.close();
  });

  it('stores body and id text unchanged on disk', async () => {
    const directory = await makeTempDirectory();
    const body = '{"output":"café \\u00e9 ☃ 🚀","n":12345678901234567890}\n';
    const first = await openSpool(directory);

    await first.spool.append([{ id: 'ünïcode-id', receivedAt: 1.5, body }]);
    await first.spool.close();
    const second = await openSpool(directory);
    const [entry] = await second.spool.take(1);

    expect(entry.body).toBe(body);
    expect(entry.id).toBe('ünïcode-id');
    expect(entry.receivedAt).toBe(1.5);
    await second.spool.close();
  });

  it('counts taken and pending entries until acknowledged', async () => {
    const { spool } = await openSpool(await makeTempDirectory());

    await spool.append(makeInputs(1, 3));
    const entries = await spool.take(2);
    const whileTaken = spool.stats();
    spool.ack(entries[0].seq);
    const afterAck = spool.stats();

    expect(whileTaken.pendingEntries).toBe(3);
    expect(whileTaken.takenEntries).toBe(2);
    expect(whileTaken.inMemoryEntries).toBe(1);
    expect(afterAck.pendingEntries).toBe(2);
    expect(afterAck.takenEntries).toBe(1);
    await spool.close();
  });

  it('reports the age of the oldest pending entry', async () => {
    const { spool } = await openSpool(await makeTempDirectory());
    const receivedAt = Date.now() - 60_000;

    expect(spool.stats().oldestPendingAgeMs).toBeNull();
    await spool.append([{ id: 'old', receivedAt, body: '{}' }]);

    expect(spool.stats().oldestPendingAgeMs).toBeGreaterThanOrEqual(60_000);
    await spool.close();
  });

  it('rejects an ack for a seq that was not taken', async () => {
    const { spool } = await openSpool(await makeTempDirectory());
    await spool.append(makeInputs(1, 2));
    const [entry] = await spool.take(1);

    expect(() => spool.ack(2)).toThrow(SpoolError);
    expect(() => spool.ack(99)).toThrow(/take\(\) did not return it/);
    spool.ack(entry.seq);
    expect(() => spool.ack(entry.seq)).toThrow(/already acknowledged/);
    await spool.close();
  });

  it('rejects invalid inputs before admitting any', async () => {
    const { spool } = await openSpool(await makeTempDirectory());
    const badInputs = [makeInput(1), { id: '', receivedAt: 1, body: '{}' }];

    await expect(spool.append(badInputs)).rejects.toThrow(
      'Invalid spool input at index 1: id must be a non-empty string.',
    );
    await expect(
      spool.append([{ id: 'a', receivedAt: Number.NaN, body: '{}' }]),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      context: { index: 0, field: 'receivedAt' },
    });
    await expect(
      spool.append([{ id: 'a', receivedAt: 1, body: 42 as unknown as string }]),
    ).rejects.toThrow(/body must be a string/);
    await expect(
      spool.append([{ id: 'x'.repeat(70_000), receivedAt: 1, body: '' }]),
    ).rejects.toThrow(/maximum is 65535/);
    expect(spool.stats().pendingEntries).toBe(0);
    await spool.close();
  });

  it('rejects take with an invalid max', async () => {
    const { spool } = await openSpool(await makeTempDirectory());

    await expect(spool.take(0)).rejects.toThrow(
      'Invalid take(max): 0. Use a whole number of at least 1.',
    );
    await expect(spool.take(1.5)).rejects.toThrow(SpoolError);
    await spool.close();
  });

  it('resolves waiting takes with [] on close', async () => {
    const { spool } = await openSpool(await makeTempDirectory());

    const waiting = spool.take(1);
    await spool.close();

    expect(await waiting).toEqual([]);
    expect(await spool.take(1)).toEqual([]);
  });

  it('rejects appends after close', async () => {
    const { spool } = await openSpool(await makeTempDirectory());
    await spool.close();

    await expect(spool.append([makeInput(1)])).rejects.toMatchObject({
      name: 'SpoolError',
      code: 'closed',
    });
  });

  it('serves many entries through small takes', async () => {
    const { spool } = await openSpool(await makeTempDirectory());

    await spool.append(makeInputs(1, 250));
    const entries = await takeCount(spool, 250, 7);
    for (const entry of entries) spool.ack(entry.seq);

    expect(entries.map((entry) => entry.seq)).toEqual(
      Array.from({ length: 250 }, (_, index) => index + 1),
    );
    expect(spool.stats().pendingEntries).toBe(0);
    await spool.close();
  });
});
