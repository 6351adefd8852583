// Alert values come from attackers and may be huge, so messages show a prefix.
const MAX_SHOWN_LENGTH = 80;

/** Describes a value for an error message: short strings quoted, others by type. */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value.length <= MAX_SHOWN_LENGTH
        ? JSON.stringify(value)
        : `${JSON.stringify(value.slice(0, MAX_SHOWN_LENGTH))}... (${value.length} characters)`;
    case 'number':
    case 'boolean':
      return String(value);
    case 'bigint':
      return `${value} (an integer beyond the safe range)`;
    case 'undefined':
      return 'missing';
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return `an array of ${value.length} items`;
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}
