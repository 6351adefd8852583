/** A value the Falco JSON writer accepts: JSON values plus bigint for large integers. */
export type FalcoJsonValue =
  string | number | bigint | boolean | null | FalcoJsonValue[] | { [key: string]: FalcoJsonValue };

/**
 * Writes compact JSON the way Falco's JSON output does: object keys sorted by
 * their UTF-8 bytes (Falco builds alerts in a sorted map) and bigint values
 * written as bare integers with every digit, which JSON.stringify cannot do.
 */
export function writeFalcoJson(value: FalcoJsonValue): string {
  if (value === null) return 'null';

  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'number':
      if (!Number.isFinite(value))
        throw new RangeError(`Cannot write ${value} as JSON: JSON has no such number.`);
      if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
        throw new RangeError(
          `Cannot write ${value} exactly: pass integers beyond 2^53 - 1 as bigint.`,
        );
      }
      return String(value);
  }

  if (Array.isArray(value)) return `[${value.map(writeFalcoJson).join(',')}]`;

  const keys = Object.keys(value).sort(compareUtf8);
  const members = keys.map((key) => `${JSON.stringify(key)}:${writeFalcoJson(value[key])}`);
  return `{${members.join(',')}}`;
}

function compareUtf8(left: string, right: string): number {
  return Buffer.compare(Buffer.from(left, 'utf8'), Buffer.from(right, 'utf8'));
}
