import { readFile } from 'node:fs/promises';

import { FilterFileError, ProblemList } from '../language/filter-problems';
import { parseFilterFile } from '../language/parse-filter-file';
import { compileFilters } from './compile-filters';
import { FilterSet } from './filter-set';

/** The text of one filter file and the name used for it in problems. */
export interface FilterSource {
  file: string;
  text: string;
}

/** Largest filter file read, in bytes; a larger one is most likely not a filter file. */
export const MAX_FILTER_FILE_BYTES = 16 * 1024 * 1024;

/**
 * Parses, merges in order and compiles filter files given as text. Throws
 * FilterFileError listing every problem of every file when any is invalid.
 */
export function compileFilterSources(sources: FilterSource[]): FilterSet {
  const problems = new ProblemList();
  const files = sources.map((source) => parseFilterFile(source.text, source.file, problems));
  const compiled = compileFilters(files, problems);

  if (!problems.isEmpty) throw new FilterFileError(problems.items);
  return new FilterSet(compiled.filters, compiled.usesOwner, compiled.fieldCache);
}

/**
 * Reads filter files from disk. Throws FilterFileError naming each file that
 * cannot be read or is too large.
 */
export async function readFilterSources(paths: readonly string[]): Promise<FilterSource[]> {
  const sources: FilterSource[] = [];
  const problems = new ProblemList();

  for (const file of paths) {
    try {
      const text = await readFile(file, 'utf8');
      if (Buffer.byteLength(text) > MAX_FILTER_FILE_BYTES) {
        problems.add(
          { file, line: 1, path: '' },
          `file is larger than ${MAX_FILTER_FILE_BYTES} bytes; split it into several filter files`,
        );
      } else {
        sources.push({ file, text });
      }
    } catch (error) {
      problems.add(
        { file, line: 1, path: '' },
        `cannot read the filter file: ${(error as Error).message}`,
      );
    }
  }

  if (!problems.isEmpty) throw new FilterFileError(problems.items);
  return sources;
}

/** Reads filter files from disk and compiles them; see readFilterSources and compileFilterSources. */
export async function loadFilterFiles(paths: readonly string[]): Promise<FilterSet> {
  return compileFilterSources(await readFilterSources(paths));
}
