import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/** Repository root, for the sample catalog. */
export const REPOSITORY_ROOT = resolve(__dirname, '..', '..', '..', '..');
export const SAMPLE_CATALOG = join(REPOSITORY_ROOT, 'samples', 'catalog');

/** Reads every YAML file under `directory`, as the Backstage import takes them. */
export function readCatalogFolder(directory: string): Array<{ source: string; content: string }> {
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder).sort()) {
      const path = join(folder, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(entry)) files.push(path);
    }
  };
  walk(directory);
  return files.map((path) => ({
    source: relative(directory, path),
    content: readFileSync(path, 'utf8'),
  }));
}

/** Reads and parses a report from samples/catalog/reports. */
export function readSampleReport(name: string): unknown {
  return JSON.parse(readFileSync(join(SAMPLE_CATALOG, 'reports', name), 'utf8'));
}
