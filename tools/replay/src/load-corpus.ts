import { readFile } from 'node:fs/promises';
import { ReplayError } from './replay-error';

/**
 * Reads NDJSON files and returns each non-blank line as raw text, in order.
 * Lines are never parsed and re-serialised, so integers beyond
 * Number.MAX_SAFE_INTEGER (such as `evt.time`) and malformed lines reach the
 * forwarder byte for byte. A trailing carriage return is removed.
 */
export async function loadCorpus(paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0) {
    throw new ReplayError(
      'No corpus files given: pass one or more NDJSON files, such as samples/falco-events.ndjson.',
    );
  }

  const bodies: string[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'read error';
      throw new ReplayError(`Cannot read corpus file ${path} (${code}); check the path.`, {
        cause: error,
      });
    }

    for (const line of text.split('\n')) {
      const body = line.endsWith('\r') ? line.slice(0, -1) : line;
      if (body.trim() !== '') bodies.push(body);
    }
  }
  return bodies;
}
