import { collectGarbage } from '@talaria/testing';
import { EntryQueue } from './entry-queue';

/** Pushes two items, shifts the first and returns a weak reference to it. */
function shiftOneOfTwo(queue: EntryQueue<object>): WeakRef<object> {
  const first = { body: 'first' };
  queue.push(first);
  queue.push({ body: 'second' });
  queue.shift(1);
  return new WeakRef(first);
}

describe('EntryQueue', () => {
  it('returns items in order', () => {
    const queue = new EntryQueue<number>();
    for (const item of [1, 2, 3]) queue.push(item);

    expect(queue.shift(2)).toEqual([1, 2]);
    expect(queue.peek()).toBe(3);
    expect(queue.length).toBe(1);
  });

  it('keeps no reference to shifted items', async () => {
    const queue = new EntryQueue<object>();
    const shifted = shiftOneOfTwo(queue);

    await collectGarbage();

    expect(shifted.deref()).toBeUndefined();
    expect(queue.length).toBe(1);
  });
});
