import type { FleetInstances } from '../fleet/fleet-instances';
import type { FieldValue } from '../format/field-value';
import type { SeededRandom } from '../random';
import type { FalcoRule } from '../rules/falco-rule';

/** The time span alerts fall in, in epoch nanoseconds, start included and end excluded. */
export interface TimeWindow {
  start: bigint;
  end: bigint;
}

export interface DraftRequest {
  rule: FalcoRule;
  /** Every field the rule's output names, with the ones Falco appends. */
  fields: readonly string[];
  random: SeededRandom;
  fleet: FleetInstances;
  window: TimeWindow;
}

/** One alert before formatting: where and when it happened and the value of each field. */
export interface AlertDraft {
  hostname: string;
  cluster: string;
  /** Epoch nanoseconds of the event. */
  time: bigint;
  values: Map<string, FieldValue>;
}

/** Makes alert drafts for the rules of one event source. */
export interface SourceGenerator {
  /** Fields Falco appends to every rule of this source (suggested output of loaded plugins). */
  appendedFields: readonly { key: string; field: string }[];
  draft(request: DraftRequest): AlertDraft;
}

/** Picks a time in the window, rounded down to the clock resolution of the source's events. */
export function pickTime(random: SeededRandom, window: TimeWindow, resolution = 1n): bigint {
  const span = window.end - window.start;
  const offset = (BigInt(Math.floor(random.next() * 2 ** 32)) * span) / 2n ** 32n;
  const time = window.start + offset + BigInt(random.integer(0, 999_999));
  return time - (time % resolution);
}
