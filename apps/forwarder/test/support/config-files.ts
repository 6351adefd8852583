import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/config/config-error';

/** Writes YAML to a fresh temporary directory and returns the file's path. */
export function writeConfig(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'talaria-config-')), 'forwarder.yaml');
  writeFileSync(file, text);
  return file;
}

/** Runs `action` and returns the problems of the ConfigError it throws. Throws if it throws none. */
export function problemsOf(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError, but the action threw nothing');
}
