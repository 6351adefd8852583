import type { FieldValue, Finding } from '@talaria/falco-event';

import type { FieldReader } from './field-access';

/**
 * Cache of field values that reads each field at most once per finding,
 * however many filters test it. Reading `output_fields` by name costs more
 * than the comparison after it, so with hundreds of filters on the same few
 * fields the cache cuts the cost about in half (see bench/README.md). Values
 * are kept for the last finding read, and `reset` forgets them.
 */
export class FieldCache {
  private current?: Finding;
  private generation = 0;
  private readonly stamps: number[] = [];
  private readonly values: Array<FieldValue | undefined> = [];
  private readonly slots = new Map<string, number>();

  /** Forgets every cached value. */
  reset(): void {
    this.current = undefined;
  }

  /** Returns a reader of the field `name` that goes through the cache. */
  reader(name: string, read: FieldReader): FieldReader {
    let slot = this.slots.get(name);
    if (slot === undefined) {
      slot = this.slots.size;
      this.slots.set(name, slot);
      this.stamps.push(-1);
      this.values.push(undefined);
    }
    const index = slot;

    return (finding) => {
      if (finding !== this.current) {
        this.current = finding;
        this.generation += 1;
      }
      if (this.stamps[index] === this.generation) return this.values[index];

      const value = read(finding);
      this.values[index] = value;
      this.stamps[index] = this.generation;
      return value;
    };
  }
}
