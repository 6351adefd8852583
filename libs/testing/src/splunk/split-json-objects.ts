export interface SplitJsonObjects {
  /** Text of each complete JSON object, in order. */
  objects: string[];
  /** Zero-based number of the first object that is not a complete JSON object, if any. */
  invalidAt?: number;
}

/**
 * Splits concatenated JSON objects, as HTTP Event Collector receives them
 * (`{"event":1}{"event":2}`, whitespace allowed between them), into the text
 * of each object. It only finds object boundaries; the caller parses each one.
 */
export function splitJsonObjects(text: string): SplitJsonObjects {
  const objects: string[] = [];
  let index = 0;

  while (index < text.length) {
    if (/\s/.test(text[index])) {
      index += 1;
      continue;
    }
    if (text[index] !== '{') return { objects, invalidAt: objects.length };

    const end = findObjectEnd(text, index);
    if (end === undefined) return { objects, invalidAt: objects.length };
    objects.push(text.slice(index, end + 1));
    index = end + 1;
  }
  return { objects };
}

/** Returns the index of the brace that closes the object opening at `start`, or undefined. */
function findObjectEnd(text: string, start: number): number | undefined {
  let depth = 0;
  let inString = false;

  for (let index = start; index < text.length; index += 1) {
    const character = text[index];
    if (inString) {
      if (character === '\\') index += 1;
      else if (character === '"') inString = false;
      continue;
    }
    if (character === '"') inString = true;
    else if (character === '{' || character === '[') depth += 1;
    else if (character === '}' || character === ']') {
      depth -= 1;
      if (depth === 0) return character === '}' ? index : undefined;
    }
  }
  return undefined;
}
