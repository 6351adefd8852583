import { TtlLruCache } from './ttl-lru-cache';

describe('TtlLruCache', () => {
  it('returns values until they expire', () => {
    let now = 1_000;
    const cache = new TtlLruCache<string>(10, () => now);
    cache.set('a', 'owner', 100);

    now = 1_099;
    expect(cache.get('a')).toBe('owner');
    now = 1_100;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('evicts the least recently used entry', () => {
    const cache = new TtlLruCache<number>(2);
    cache.set('a', 1, 60_000);
    cache.set('b', 2, 60_000);
    cache.get('a');
    cache.set('c', 3, 60_000);

    expect(cache.get('a')).toBe(1);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('c')).toBe(3);
  });

  it('replaces a value and its expiry', () => {
    let now = 0;
    const cache = new TtlLruCache<string>(2, () => now);
    cache.set('a', 'old', 10);
    cache.set('a', 'new', 1_000);

    now = 500;
    expect(cache.get('a')).toBe('new');
    expect(cache.size).toBe(1);
  });

  it('rejects a size below one', () => {
    expect(() => new TtlLruCache(0)).toThrow(
      'cache size must be a whole number of at least 1; got 0',
    );
  });
});
