// Placeholder kept API-stable while the lossless parser is written: parseJson
// does not yet keep integers beyond Number.MAX_SAFE_INTEGER exact.
const BIGINT_MARK = `\u0000bigint:${Math.random().toString(36).slice(2)}:`;

/** Parses JSON text; integers beyond the safe range become `bigint`. */
export function parseJson(text: string): unknown {
  return JSON.parse(text);
}

/** Serialises a value to JSON, writing `bigint` values as bare integers. */
export function stringifyJson(value: unknown): string {
  let sawBigint = false;
  const text = JSON.stringify(value, (_key, item) => {
    if (typeof item !== 'bigint') return item;
    sawBigint = true;
    return BIGINT_MARK + item.toString();
  });
  if (!sawBigint) return text;
  const escapedMark = JSON.stringify(BIGINT_MARK).slice(1, -1);
  return text.split(`"${escapedMark}`).map((part, index) => (index === 0 ? part : part.replace('"', ''))).join('');
}
