import { stringifyJson, type FieldValue, type Finding } from '@talaria/falco-event';

/** A finding as sent to a function: `truncated` lists the JSON Pointers of the strings that were cut. */
export type SentFinding = Finding & { truncated?: string[] };

/** A finding serialised to fit a byte budget. */
export interface FittedFinding {
  json: string;
  bytes: number;
  /** JSON Pointers (RFC 6901) of the cut strings, such as `/alert/output_fields/proc.cmdline`. */
  truncated: string[];
}

/** A string field that may be cut, with where it sits in the finding. */
interface CuttableString {
  pointer: string;
  text: string;
  write(finding: SentFinding, text: string): void;
}

/**
 * Serialises a finding so that it takes at most `maxBytes` of UTF-8. A
 * finding that fits is left whole. Otherwise the longest strings of
 * `alert.output` and `alert.output_fields` are cut to a common length, each
 * ending with a marker that states how many characters were removed. The
 * finding gets a `truncated` list naming them, so the receiver can tell it
 * is partial.
 * Returns undefined when even cutting those strings to the marker alone
 * leaves the finding too large.
 */
export function fitFinding(finding: Finding, maxBytes: number): FittedFinding | undefined {
  const whole = stringifyJson(finding);
  const wholeBytes = Buffer.byteLength(whole, 'utf8');
  if (wholeBytes <= maxBytes) return { json: whole, bytes: wholeBytes, truncated: [] };

  const strings = cuttableStrings(finding);
  if (strings.length === 0) return undefined;

  const smallest = cutAt(finding, strings, 0);
  if (smallest.bytes > maxBytes) return undefined;

  // Longer kept prefixes give larger documents, so a binary search finds the
  // longest prefix every cut string can keep.
  let fits = smallest;
  let low = 0;
  let high = Math.max(...strings.map((candidate) => candidate.text.length));
  while (low < high) {
    const keep = Math.ceil((low + high) / 2);
    const attempt = cutAt(finding, strings, keep);
    if (attempt.bytes <= maxBytes) {
      fits = attempt;
      low = keep;
    } else {
      high = keep - 1;
    }
  }
  return fits;
}

/** Returns the marker that ends a cut string. */
export function truncationMarker(removedCharacters: number): string {
  return `...[truncated ${removedCharacters} characters]`;
}

/** Cuts every candidate longer than `keep` characters plus its marker, on a copy of the finding. */
function cutAt(finding: Finding, strings: readonly CuttableString[], keep: number): FittedFinding {
  const copy: SentFinding = structuredClone(finding);
  const truncated: string[] = [];

  for (const candidate of strings) {
    const marker = truncationMarker(candidate.text.length - keep);
    if (candidate.text.length <= keep + marker.length) continue;

    const prefix = cutAtCodePoint(candidate.text, keep);
    candidate.write(copy, `${prefix}${truncationMarker(candidate.text.length - prefix.length)}`);
    truncated.push(candidate.pointer);
  }

  copy.truncated = truncated;
  const json = stringifyJson(copy);
  return { json, bytes: Buffer.byteLength(json, 'utf8'), truncated };
}

/** Returns the first `length` UTF-16 units without splitting a surrogate pair. */
function cutAtCodePoint(text: string, length: number): string {
  const code = text.charCodeAt(length - 1);
  const endsInHighSurrogate = code >= 0xd800 && code <= 0xdbff;
  return text.slice(0, endsInHighSurrogate ? length - 1 : length);
}

/** Lists `alert.output` and the strings of `alert.output_fields`, arrays included. */
function cuttableStrings(finding: Finding): CuttableString[] {
  const strings: CuttableString[] = [];
  if (typeof finding.alert.output === 'string') {
    strings.push({
      pointer: '/alert/output',
      text: finding.alert.output,
      write: (copy, text) => {
        copy.alert.output = text;
      },
    });
  }

  for (const [key, value] of Object.entries(finding.alert.output_fields ?? {})) {
    const base = `/alert/output_fields/${escapePointerToken(key)}`;
    if (typeof value === 'string') {
      strings.push({
        pointer: base,
        text: value,
        write: (copy, text) => {
          copy.alert.output_fields![key] = text;
        },
      });
    } else if (Array.isArray(value)) {
      value.forEach((element: FieldValue, index) => {
        if (typeof element !== 'string') return;
        strings.push({
          pointer: `${base}/${index}`,
          text: element,
          write: (copy, text) => {
            (copy.alert.output_fields![key] as FieldValue[])[index] = text;
          },
        });
      });
    }
  }
  return strings;
}

/** Escapes `~` and `/` in a JSON Pointer reference token (RFC 6901, section 4). */
function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}
