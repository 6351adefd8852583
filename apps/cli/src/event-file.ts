import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { readEventLine, type EventContext, type EventLineResult } from '@talaria/noise-filter';

/** Reads an NDJSON file of Falco alerts line by line and hands each parsed line to `onLine`; blank lines are skipped. */
export async function forEachEventLine(
  path: string,
  context: EventContext,
  onLine: (result: EventLineResult) => void,
): Promise<void> {
  const lines = createInterface({
    input: createReadStream(path, { encoding: 'utf8' }),
    crlfDelay: Infinity,
  });
  let lineNumber = 0;
  for await (const text of lines) {
    lineNumber += 1;
    const result = readEventLine(text, lineNumber, context);
    if (result !== undefined) onLine(result);
  }
}

/** Parses a positive whole number option, or throws with the option name and the value. */
export function positiveInteger(option: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    throw new UsageError(`--${option} must be a whole number of at least 1; got "${value}"`);
  }
  return number;
}

/** A mistake on the command line; the command prints it with its help and exits with 2. */
export class UsageError extends Error {}
