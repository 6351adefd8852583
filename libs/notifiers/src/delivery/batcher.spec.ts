import { collectGarbage } from '@talaria/testing';
import { Batcher } from './batcher';
import { BoundedQueue } from './bounded-queue';

/** Pushes two items, shifts the first and returns a weak reference to it. */
function shiftOneOfTwo(queue: BoundedQueue<object>): WeakRef<object> {
  const first = { finding: 'first' };
  queue.push(first);
  queue.push({ finding: 'second' });
  queue.shiftMany(1);
  return new WeakRef(first);
}

describe('BoundedQueue', () => {
  it('rejects items beyond capacity', () => {
    const queue = new BoundedQueue<number>(2);

    expect(queue.push(1)).toBe(true);
    expect(queue.push(2)).toBe(true);
    expect(queue.push(3)).toBe(false);
    expect(queue.size).toBe(2);
  });

  it('shifts in order across compaction', () => {
    const queue = new BoundedQueue<number>(5000);
    for (let item = 0; item < 3000; item += 1) queue.push(item);

    const first = queue.shiftMany(2000);
    for (let item = 3000; item < 5000; item += 1) queue.push(item);
    const rest = queue.shiftMany(10_000);

    expect(first[0]).toBe(0);
    expect(first[1999]).toBe(1999);
    expect(rest).toHaveLength(3000);
    expect(rest[0]).toBe(2000);
    expect(rest[2999]).toBe(4999);
    expect(queue.size).toBe(0);
  });

  it('keeps no reference to shifted items', async () => {
    const queue = new BoundedQueue<object>(10);
    const shifted = shiftOneOfTwo(queue);

    await collectGarbage();

    expect(shifted.deref()).toBeUndefined();
    expect(queue.size).toBe(1);
  });

  it('rejects a zero capacity', () => {
    expect(() => new BoundedQueue(0)).toThrow('queue capacity must be a positive integer; got 0');
  });
});

describe('Batcher', () => {
  const options = { maxQueue: 10, batchSize: 3, lingerMs: 50 };

  it('releases a full batch at once', () => {
    const batcher = new Batcher<string>(options);
    ['a', 'b', 'c', 'd'].forEach((item) => batcher.offer(item, 0));

    expect(batcher.takeReady(0, false)).toEqual(['a', 'b', 'c']);
    expect(batcher.size).toBe(1);
  });

  it('holds a partial batch until the linger time', () => {
    const batcher = new Batcher<string>(options);
    batcher.offer('a', 1000);
    batcher.offer('b', 1030);

    expect(batcher.takeReady(1049, false)).toBeUndefined();
    expect(batcher.msUntilReady(1049)).toBe(1);
    expect(batcher.takeReady(1050, false)).toEqual(['a', 'b']);
  });

  it('releases a partial batch on flush', () => {
    const batcher = new Batcher<string>(options);
    batcher.offer('a', 1000);

    expect(batcher.takeReady(1000, true)).toEqual(['a']);
  });

  it('reports full when the queue is', () => {
    const batcher = new Batcher<number>({ ...options, maxQueue: 2 });

    expect(batcher.offer(1, 0)).toBe(true);
    expect(batcher.offer(2, 0)).toBe(true);
    expect(batcher.offer(3, 0)).toBe(false);
  });

  it('reports Infinity when empty', () => {
    expect(new Batcher<number>(options).msUntilReady(0)).toBe(Infinity);
  });

  it('takes items waiting since a cutoff', () => {
    const batcher = new Batcher<string>(options);
    batcher.offer('old', 1000);
    batcher.offer('at-cutoff', 2000);
    batcher.offer('new', 3000);

    expect(batcher.takeWaitingSince(2000)).toEqual(['old', 'at-cutoff']);
    expect(batcher.size).toBe(1);
    expect(batcher.takeWaitingSince(2000)).toEqual([]);
  });
});
