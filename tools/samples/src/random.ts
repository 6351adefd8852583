/**
 * Seeded pseudo-random numbers, so that regenerating the corpus with the same
 * seed writes the same bytes. Not for anything that needs unpredictability.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`Invalid seed ${seed}: use an integer from 0 to 4294967295.`);
    }
    this.state = seed >>> 0;
  }

  /** Returns a float in [0, 1), from a 32-bit counter passed through an integer hash. */
  next(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let mixed = this.state;
    mixed = Math.imul(mixed ^ (mixed >>> 16), 0x21f0aaad);
    mixed = Math.imul(mixed ^ (mixed >>> 15), 0x735a2d97);
    mixed = (mixed ^ (mixed >>> 15)) >>> 0;
    return mixed / 0x100000000;
  }

  /** Returns an integer in [min, max], both included. */
  integer(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Returns true with the given probability. */
  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Cannot pick from an empty list.');
    return items[Math.floor(this.next() * items.length)];
  }

  /** Returns lowercase hexadecimal digits, as in container ids. */
  hex(length: number): string {
    let text = '';
    while (text.length < length) text += this.integer(0, 15).toString(16);
    return text;
  }

  /** Returns characters from the alphabet Kubernetes uses for name suffixes and ReplicaSet hashes (no vowels, no 0, 1 or 3). */
  podSuffix(length: number): string {
    const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
    let text = '';
    while (text.length < length) text += alphabet[this.integer(0, alphabet.length - 1)];
    return text;
  }

  /** Returns a random RFC 4122 version 4 UUID built from this generator. */
  uuid(): string {
    const variant = '89ab'[this.integer(0, 3)];
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${variant}${this.hex(3)}-${this.hex(12)}`;
  }
}
