import { existsSync, readFileSync } from 'node:fs';
import { parseJson } from '@talaria/falco-event';
import { builtInAlerts } from './builtin-alerts';

/** The alert texts a run sends, each a raw line that is never re-serialised. */
export interface AlertCorpus {
  /** The samples file read, or `built-in`. */
  source: string;
  lines: string[];
  /** Non-blank lines of the samples file that were not JSON objects. */
  skippedLines: number;
}

/**
 * Reads up to `maxAlerts` alerts from the NDJSON samples file, or builds that
 * many when the file does not exist. Lines are kept byte for byte so integers
 * beyond 2^53 reach the servers as Falco wrote them.
 */
export function loadAlertCorpus(samplesPath: string, maxAlerts: number): AlertCorpus {
  if (!existsSync(samplesPath)) {
    return { source: 'built-in', lines: builtInAlerts(maxAlerts), skippedLines: 0 };
  }

  const lines: string[] = [];
  let skippedLines = 0;

  for (const rawLine of readFileSync(samplesPath, 'utf8').split('\n')) {
    if (lines.length === maxAlerts) break;
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line.trim() === '') continue;

    if (isJsonObject(line)) lines.push(line);
    else skippedLines += 1;
  }

  if (lines.length === 0) {
    throw new Error(
      `${samplesPath} contains no JSON alert lines; regenerate it or move it away to use the built-in alerts`,
    );
  }
  return { source: samplesPath, lines, skippedLines };
}

function isJsonObject(line: string): boolean {
  try {
    const value = parseJson(line);
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  } catch {
    return false;
  }
}
