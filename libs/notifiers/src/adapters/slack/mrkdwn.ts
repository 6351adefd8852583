import { escapeControlCharacters } from '../../text/escape-control-characters';

/**
 * Characters that take no room on screen, so they can hide text or split a
 * word that a reader searches for. They are the zero-width spaces and
 * joiners, the word joiner and invisible operators, the soft hyphen, the byte
 * order mark, Mongolian and Hangul fillers, and the Arabic letter mark. The combining
 * ones are listed outside the character class, where a linter would read them
 * as joined to the character before.
 */
const INVISIBLE_CHARACTERS =
  /[\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2060-\u2064\u206a-\u206f\u3164\ufeff\uffa0]|\u034f|\u17b4|\u17b5|\u180b|\u180c|\u180d|\u180f/g;

/** Slack reads `&`, `<` and `>` as control characters in mrkdwn, so text must carry them as entities. */
const MRKDWN_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Replaces a backtick, which would end a code span, with U+02CB MODIFIER
 * LETTER GRAVE ACCENT. Slack's mrkdwn has no escape for backticks.
 */
const BACKTICK_STAND_IN = '\u02cb';

/** Inserted after a cut value; `count` is the number of characters left out. */
export function cutMarker(count: number): string {
  return `… (cut, ${count} more characters)`;
}

/**
 * Makes attacker-controlled text visible and inert in plain text: control,
 * line-breaking, bidirectional and invisible characters become escapes such as
 * `\n` or `\u200b`, and a backslash is doubled so that an escape in the text
 * cannot pass for one of ours.
 */
export function escapeInvisible(text: string): string {
  return escapeControlCharacters(text).replace(
    INVISIBLE_CHARACTERS,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Escapes text for a Slack mrkdwn field. `&`, `<` and `>` become entities, so
 * `<!channel>` or `<https://evil|click>` shows as typed and pings or links
 * nothing. Invisible and control characters become visible escapes first, so
 * they cannot hide part of the text or start a new line.
 */
export function escapeMrkdwn(text: string): string {
  return escapeInvisible(text).replace(/[&<>]/g, (character) => MRKDWN_ENTITIES[character]);
}

/** Escapes text that sits inside a code span or code block, where a backtick would end the span. */
export function escapeMrkdwnCode(text: string): string {
  return escapeMrkdwn(text).replace(/`/g, BACKTICK_STAND_IN);
}

export interface FittedText {
  /** The escaped text, shortened when needed. */
  text: string;
  /** Characters of the original text that were left out; 0 when nothing was cut. */
  omitted: number;
}

/**
 * Escapes `raw` and shortens it so that the escaped text plus a cut marker
 * fits in `maxLength` UTF-16 units, the unit JavaScript strings and Slack's
 * limits count. The cut falls between whole characters of the original, so
 * no entity, escape or surrogate pair is split, and `omitted` counts the
 * original characters (code points) left out.
 */
export function escapeToFit(
  raw: string,
  maxLength: number,
  escape: (text: string) => string,
): FittedText {
  const whole = escape(raw);
  if (whole.length <= maxLength) return { text: whole, omitted: 0 };

  const characters = Array.from(raw);
  // The marker is sized for the largest possible count, so the result always fits.
  const budget = Math.max(0, maxLength - cutMarker(characters.length).length);

  let text = '';
  let keptCount = 0;
  for (const character of characters) {
    const piece = escape(character);
    if (text.length + piece.length > budget) break;
    text += piece;
    keptCount += 1;
  }
  return { text, omitted: characters.length - keptCount };
}

/** Appends the cut marker when something was left out. */
export function withCutMarker(text: string, omitted: number): string {
  return omitted > 0 ? `${text}${cutMarker(omitted)}` : text;
}

/**
 * Formats a value as an inline code span of at most `maxLength` characters,
 * marker included. An empty value shows as `(empty)` in italics because an
 * empty code span would show two bare backticks.
 */
export function inlineCode(raw: string, maxLength: number): string {
  if (raw === '') return '_(empty)_';
  const fitted = escapeToFit(raw, maxLength - 2, escapeMrkdwnCode);
  return withCutMarker(`\`${fitted.text}\``, fitted.omitted);
}

/** Formats a value as a code block of at most `maxLength` characters, marker included. */
export function codeBlock(raw: string, maxLength: number): string {
  if (raw === '') return '_(empty)_';
  const fitted = escapeToFit(raw, maxLength - 6, escapeMrkdwnCode);
  return withCutMarker(`\`\`\`${fitted.text}\`\`\``, fitted.omitted);
}

/** Escapes and fits plain mrkdwn text, marker included. */
export function fitMrkdwn(raw: string, maxLength: number): string {
  const fitted = escapeToFit(raw, maxLength, escapeMrkdwn);
  return withCutMarker(fitted.text, fitted.omitted);
}
