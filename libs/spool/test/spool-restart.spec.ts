import {
  bodies,
  makeInputs,
  makeTempDirectory,
  metricValue,
  openSpool,
  removeTempDirectories,
  takeCount,
} from './helpers';

afterEach(removeTempDirectories);

describe('Spool restart', () => {
  it('recovers only unacknowledged entries after close', async () => {
    const directory = await makeTempDirectory();
    const first = await openSpool(directory);
    await first.spool.append(makeInputs(1, 6));
    const taken = await first.spool.take(4);
    first.spool.ack(taken[0].seq);
    first.spool.ack(taken[2].seq);
    await first.spool.close();

    const second = await openSpool(directory);
    const recovered = await second.spool.take(10);

    expect(recovered.map((entry) => entry.seq)).toEqual([2, 4, 5, 6]);
    expect(recovered.map((entry) => entry.id)).toEqual([
      'alert-2',
      'alert-4',
      'alert-5',
      'alert-6',
    ]);
    expect(await metricValue(second.registry, 'talaria_spool_recovered_total')).toBe(4);
    await second.spool.close();
  });

  it('recovers entries of an instance that never closed', async () => {
    const directory = await makeTempDirectory();
    const crashed = await openSpool(directory);
    const inputs = makeInputs(1, 5);
    await crashed.spool.append(inputs);

    const second = await openSpool(directory);
    const recovered = await second.spool.take(10);

    expect(bodies(recovered)).toEqual(inputs.map((input) => input.body));
    expect(recovered.every((entry) => entry.attachment === undefined)).toBe(true);
    await second.spool.close();
    await crashed.spool.close();
  });

  it('recovers flushed acknowledgements of an instance that never closed', async () => {
    const directory = await makeTempDirectory();
    const crashed = await openSpool(directory);
    await crashed.spool.append(makeInputs(1, 4));
    const taken = await crashed.spool.take(4);
    crashed.spool.ack(taken[3].seq);
    crashed.spool.ack(taken[1].seq);
    await crashed.spool.append(makeInputs(5, 1));
    await crashed.spool.flush();

    const second = await openSpool(directory);
    const recovered = await takeCount(second.spool, 3);

    expect(recovered.map((entry) => entry.seq)).toEqual([1, 3, 5]);
    await second.spool.close();
    await crashed.spool.close();
  });

  it('continues the seq after a restart', async () => {
    const directory = await makeTempDirectory();
    const first = await openSpool(directory);
    await first.spool.append(makeInputs(1, 3));
    await first.spool.close();

    const second = await openSpool(directory);
    const result = await second.spool.append(makeInputs(4, 2));

    expect(result.accepted.map((entry) => entry.seq)).toEqual([4, 5]);
    expect((await second.spool.take(10)).map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5]);
    await second.spool.close();
  });

  it('continues the seq after every entry was acknowledged and deleted', async () => {
    const directory = await makeTempDirectory();
    const first = await openSpool(directory);
    await first.spool.append(makeInputs(1, 3));
    for (const entry of await first.spool.take(3)) first.spool.ack(entry.seq);
    await first.spool.close();

    const second = await openSpool(directory);
    await second.spool.close();
    const third = await openSpool(directory);
    const result = await third.spool.append(makeInputs(4, 1));

    expect(result.accepted[0].seq).toBe(4);
    expect(third.spool.stats().pendingEntries).toBe(1);
    await third.spool.close();
  });

  it('keeps out-of-order acknowledgements across several restarts', async () => {
    const directory = await makeTempDirectory();
    const first = await openSpool(directory);
    await first.spool.append(makeInputs(1, 10));
    const taken = await first.spool.take(10);
    for (const index of [9, 0, 4, 7]) first.spool.ack(taken[index].seq);
    await first.spool.close();

    const second = await openSpool(directory);
    const afterFirstRestart = await second.spool.take(10);
    for (const entry of afterFirstRestart.filter((candidate) => candidate.seq % 2 === 0))
      second.spool.ack(entry.seq);
    await second.spool.close();

    const third = await openSpool(directory);
    const afterSecondRestart = await third.spool.take(10);

    expect(afterFirstRestart.map((entry) => entry.seq)).toEqual([2, 3, 4, 6, 7, 9]);
    expect(afterSecondRestart.map((entry) => entry.seq)).toEqual([3, 7, 9]);
    await third.spool.close();
  });

  it('recovers nothing from an empty directory', async () => {
    const { spool, registry } = await openSpool(await makeTempDirectory());

    expect(spool.stats()).toMatchObject({ pendingEntries: 0, segments: 1, bytes: 0 });
    expect(await metricValue(registry, 'talaria_spool_recovered_total')).toBe(0);
    await spool.close();
  });
});
