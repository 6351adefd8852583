import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseJson, type Finding } from '@talaria/falco-event';
import type { DeadLetterRecord } from '../delivery/dead-letter';

/** A line of a dead-letter file that is not a record, with the reason. */
export interface InvalidDeadLetterLine {
  path: string;
  line: number;
  problem: string;
}

/**
 * Reads dead-letter files line by line and hands each record to `onRecord`.
 * Lines are parsed losslessly, so `evt.time` and other big integers keep every
 * digit when the finding is sent again. Blank lines are skipped, and lines
 * that are not records go to `onInvalid`.
 */
export async function readDeadLetterFiles(
  paths: readonly string[],
  onRecord: (record: DeadLetterRecord) => Promise<void> | void,
  onInvalid: (invalid: InvalidDeadLetterLine) => void,
): Promise<void> {
  for (const path of paths) {
    const lines = createInterface({
      input: createReadStream(path, { encoding: 'utf8' }),
      crlfDelay: Infinity,
    });

    let line = 0;
    for await (const text of lines) {
      line += 1;
      if (text.trim() === '') continue;

      const parsed = parseDeadLetterLine(text);
      if (typeof parsed === 'string') onInvalid({ path, line, problem: parsed });
      else await onRecord(parsed);
    }
  }
}

/** Parses one dead-letter line, or returns what is wrong with it. */
export function parseDeadLetterLine(text: string): DeadLetterRecord | string {
  let value: unknown;
  try {
    value = parseJson(text);
  } catch (error) {
    return `not JSON: ${(error as Error).message}`;
  }

  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return 'not a JSON object';
  }
  const record = value as Partial<Record<keyof DeadLetterRecord, unknown>>;
  if (typeof record.output !== 'string' || record.output === '') return 'no "output" name';
  if (typeof record.reason !== 'string') return 'no "reason"';

  const finding = record.finding as Partial<Finding> | undefined;
  if (finding === null || typeof finding !== 'object') return 'no "finding" object';
  if (typeof finding.id !== 'string' || finding.id === '') return 'the finding has no "id"';
  if (finding.alert === null || typeof finding.alert !== 'object') {
    return 'the finding has no "alert" object';
  }
  return value as DeadLetterRecord;
}
