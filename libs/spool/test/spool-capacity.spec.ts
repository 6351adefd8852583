import {
  makeInputs,
  makeTempDirectory,
  metricValue,
  openSpool,
  recordBytes,
  removeTempDirectories,
} from './helpers';

afterEach(removeTempDirectories);

// Records of makeInputs() are 137 or 138 bytes: 7 fit in a segment and 14 in maxBytes.
const BOUNDED = { segmentBytes: 1024, maxBytes: 2048 };

describe('Spool maxBytes bound', () => {
  it('accepts what fits and rejects the rest with spool_full', async () => {
    const { spool, registry } = await openSpool(await makeTempDirectory(), BOUNDED);
    const inputs = makeInputs(1, 20);

    const result = await spool.append(inputs);

    expect(result.accepted.map((entry) => entry.id)).toEqual(
      inputs.slice(0, 14).map((input) => input.id),
    );
    expect(result.rejected.map((input) => input.id)).toEqual(
      inputs.slice(14).map((input) => input.id),
    );
    expect(result.rejected.every((input) => input.reason === 'spool_full')).toBe(true);
    expect(spool.full).toBe(true);
    expect(spool.stats().segmentFileBytes).toBe(recordBytes(inputs.slice(0, 14)));
    expect(
      await metricValue(registry, 'talaria_spool_rejected_total', { reason: 'spool_full' }),
    ).toBe(6);
    expect(await metricValue(registry, 'talaria_spool_full')).toBe(1);
    await spool.close();
  });

  it('rejects every later input of a call once one does not fit', async () => {
    const { spool } = await openSpool(await makeTempDirectory(), BOUNDED);
    await spool.append(makeInputs(1, 13));

    const result = await spool.append([...makeInputs(14, 1, 300), ...makeInputs(15, 1, 10)]);

    expect(result.accepted).toEqual([]);
    expect(result.rejected.map((input) => input.reason)).toEqual(['spool_full', 'spool_full']);
    await spool.close();
  });

  it('rejects oversized entries as too_large', async () => {
    const { spool, registry } = await openSpool(await makeTempDirectory(), BOUNDED);

    const result = await spool.append([
      ...makeInputs(1, 1),
      ...makeInputs(2, 1, 3000),
      ...makeInputs(3, 1),
    ]);

    expect(result.accepted.map((entry) => entry.id)).toEqual(['alert-1', 'alert-3']);
    expect(result.rejected).toEqual([
      expect.objectContaining({ id: 'alert-2', reason: 'too_large' }),
    ]);
    expect(spool.full).toBe(false);
    expect(
      await metricValue(registry, 'talaria_spool_rejected_total', { reason: 'too_large' }),
    ).toBe(1);
    await spool.close();
  });

  it('accepts again once acknowledgements free a segment', async () => {
    const { spool, registry } = await openSpool(await makeTempDirectory(), BOUNDED);
    await spool.append(makeInputs(1, 15));
    const entries = await spool.take(7);

    for (const entry of entries) spool.ack(entry.seq);
    await spool.flush();
    const afterDelete = {
      full: spool.full,
      metric: await metricValue(registry, 'talaria_spool_full'),
    };
    const result = await spool.append(makeInputs(16, 8));

    expect(afterDelete).toEqual({ full: false, metric: 0 });
    expect(result.accepted).toHaveLength(7);
    expect(result.rejected).toHaveLength(1);
    expect(spool.stats().segmentFileBytes).toBe(
      recordBytes([...makeInputs(8, 7), ...makeInputs(16, 7)]),
    );
    await spool.close();
  });

  it('keeps the bound after a restart', async () => {
    const directory = await makeTempDirectory();
    const first = await openSpool(directory, BOUNDED);
    await first.spool.append(makeInputs(1, 14));
    await first.spool.close();

    const second = await openSpool(directory, BOUNDED);
    const result = await second.spool.append(makeInputs(15, 1));

    expect(result.rejected.map((input) => input.reason)).toEqual(['spool_full']);
    expect(second.spool.full).toBe(true);
    await second.spool.close();
  });

  it('reports bytes of segment and acknowledgement files', async () => {
    const { spool, registry } = await openSpool(await makeTempDirectory(), BOUNDED);
    await spool.append(makeInputs(1, 3));

    for (const entry of await spool.take(2)) spool.ack(entry.seq);
    await spool.flush();

    expect(spool.stats()).toMatchObject({ bytes: 3 * 137 + 2 * 12, segmentFileBytes: 3 * 137 });
    expect(await metricValue(registry, 'talaria_spool_bytes')).toBe(3 * 137 + 2 * 12);
    expect(await metricValue(registry, 'talaria_spool_entries')).toBe(1);
    await spool.close();
  });
});
