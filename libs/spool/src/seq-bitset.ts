/**
 * Set of seqs from `base` to `base + capacity - 1`, one bit per seq. Used for the
 * acknowledged entries of a recovered segment while its records are read back.
 */
export class SeqBitset {
  private readonly bits: Uint8Array;

  constructor(
    private readonly base: number,
    capacity: number,
  ) {
    this.bits = new Uint8Array(Math.ceil(Math.max(capacity, 0) / 8));
  }

  /** Adds `seq` if it is within the range. */
  add(seq: number): void {
    const index = seq - this.base;
    if (index < 0 || index >= this.bits.length * 8) return;
    this.bits[Math.floor(index / 8)] |= 1 << (index % 8);
  }

  has(seq: number): boolean {
    const index = seq - this.base;
    if (index < 0 || index >= this.bits.length * 8) return false;
    return (this.bits[Math.floor(index / 8)] & (1 << (index % 8))) !== 0;
  }
}
