import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/config/config-error';
import { thrownBy } from '@talaria/testing';

/** Writes YAML to a fresh temporary directory and returns the file's path. */
export function writeConfig(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'talaria-config-')), 'forwarder.yaml');
  writeFileSync(file, text);
  return file;
}

/** Runs `action` and returns the problems of the ConfigError it throws. Throws if it throws none. */
export function problemsOf(action: () => unknown): string[] {
  return thrownBy(action, ConfigError).problems;
}
