import { compileFilterSources, type FilterSet } from '../../src';

/** Compiles one filter file given as YAML text, named `filters.yaml` in problems. */
export function compileYaml(text: string, file = 'filters.yaml'): FilterSet {
  return compileFilterSources([{ file, text }]);
}

/** Returns the problems of an invalid file as `file:line: path: message` lines. */
export function problemsOf(text: string, file = 'filters.yaml'): string[] {
  try {
    compileYaml(text, file);
  } catch (error) {
    const problems = (
      error as { problems?: Array<{ file: string; line: number; path: string; message: string }> }
    ).problems;
    if (problems === undefined) throw error;
    return problems.map(
      (problem) => `${problem.file}:${problem.line}: ${problem.path}: ${problem.message}`,
    );
  }
  throw new Error('expected the filter file to be invalid, but it compiled');
}
