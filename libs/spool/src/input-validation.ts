import { SpoolError } from './errors';
import { MAX_ID_BYTES } from './record-codec';
import type { SpoolInput } from './types';

/**
 * Raises a SpoolError naming the first input field that cannot be stored.
 * Every input is checked before any is admitted.
 */
export function validateInputs(inputs: readonly SpoolInput[]): void {
  if (!Array.isArray(inputs)) {
    throw new SpoolError(
      'invalid_input',
      'Spool.append expects an array of inputs; wrap a single input in [ ].',
    );
  }

  for (let index = 0; index < inputs.length; index++) {
    const input = inputs[index];
    if (typeof input !== 'object' || input === null) {
      throw invalidInput(index, 'input', 'is not an object');
    }
    if (typeof input.id !== 'string' || input.id === '') {
      throw invalidInput(index, 'id', 'must be a non-empty string');
    }
    const idBytes = Buffer.byteLength(input.id, 'utf8');
    if (idBytes > MAX_ID_BYTES) {
      throw invalidInput(
        index,
        'id',
        `is ${idBytes} UTF-8 bytes long; the maximum is ${MAX_ID_BYTES}`,
      );
    }
    if (typeof input.receivedAt !== 'number' || !Number.isFinite(input.receivedAt)) {
      throw invalidInput(index, 'receivedAt', 'must be a finite number of epoch milliseconds');
    }
    if (typeof input.body !== 'string') {
      throw invalidInput(index, 'body', 'must be a string');
    }
  }
}

function invalidInput(index: number, field: string, problem: string): SpoolError {
  return new SpoolError(
    'invalid_input',
    `Invalid spool input at index ${index}: ${field} ${problem}.`,
    {
      index,
      field,
    },
  );
}
