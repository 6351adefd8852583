import { stringifyJson, stringifyRarelyBigint } from './lossless-json';

// Parsed alerts keep the JSON text they came from, so outputs can write that
// text instead of serialising the alert again. It sits under a private,
// non-enumerable symbol, which JSON, Object.keys and spreads skip. A WeakMap
// made minor collections keep about 0.8 MB more per collection under load.
const SOURCE_TEXT = Symbol('talaria.alertSourceText');

type WithSourceText = { [SOURCE_TEXT]?: string };

/**
 * Remembers the JSON text an alert was parsed from and freezes the alert, so
 * the text and the object cannot drift apart. Text that spans several lines
 * is not kept, because it could not go on one NDJSON line as it is.
 */
export function rememberAlertText(alert: object, text: string): void {
  if (text.indexOf('\n') !== -1 || text.indexOf('\r') !== -1) return;
  if (!Object.isExtensible(alert)) return;

  Object.defineProperty(alert, SOURCE_TEXT, { value: text });
  deepFreeze(alert);
}

// Parsed JSON has no cycles, and the alert limits bound its depth.
function deepFreeze(value: object): void {
  Object.freeze(value);
  for (const key in value) {
    const child = (value as Record<string, unknown>)[key];
    if (child !== null && typeof child === 'object') deepFreeze(child);
  }
}

/** Returns the JSON text `alert` was parsed from, or undefined when it was built some other way. */
export function alertTextOf(alert: object): string | undefined {
  return (alert as WithSourceText)[SOURCE_TEXT];
}

/**
 * Serialises a finding, or any object with an `alert`, like stringifyJson. An
 * alert parsed from text is written as that text, because that is faster and
 * keeps every integer as it was sent. The alert then comes last among the keys.
 *
 * NOTE: the text keeps any duplicate keys the sender wrote. Most JSON readers
 * take the last value, as JSON.parse did here, but Elasticsearch rejects such
 * a document, so its output uses stringifyJson.
 */
export function stringifyFinding<T extends { alert: object }>(value: T): string {
  const text = alertTextOf(value.alert);
  if (text === undefined) return stringifyJson(value);

  // A shallow copy without the alert, because the alert's text is appended instead.
  const rest: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (key !== 'alert') rest[key] = value[key as keyof T];
  }
  // The finding's own fields come from the forwarder and contain no bigint unless a stage adds one.
  const head = stringifyRarelyBigint(rest);
  return head === '{}' ? `{"alert":${text}}` : `${head.slice(0, -1)},"alert":${text}}`;
}
