import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** Folders never holding catalog files, skipped when walking a tree of repositories. */
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules', 'dist', 'vendor']);

export interface CatalogFile {
  /** Path relative to the folder given, or the file's own path. */
  source: string;
  content: string;
}

/**
 * Reads one YAML file, or every `.yaml` and `.yml` file under a folder (for
 * example a checkout of many repositories, each with its catalog-info.yaml),
 * in a stable order.
 */
export async function readCatalogFiles(path: string): Promise<CatalogFile[]> {
  const info = await stat(path);
  if (!info.isDirectory()) return [{ source: path, content: await readFile(path, 'utf8') }];

  const files: string[] = [];
  const walk = async (folder: string) => {
    const entries = await readdir(folder, { withFileTypes: true });
    entries.sort((left, right) => left.name.localeCompare(right.name));
    for (const entry of entries) {
      const child = join(folder, entry.name);
      if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) await walk(child);
      else if (entry.isFile() && /\.ya?ml$/.test(entry.name)) files.push(child);
    }
  };
  await walk(path);

  return Promise.all(
    files.map(async (file) => ({
      source: relative(path, file),
      content: await readFile(file, 'utf8'),
    })),
  );
}
