/** Where a definition sits in a filter file: the file, its 1-based line, and the key path. */
export interface SourceLocation {
  file: string;
  line: number;
  /** Key path such as `filters[3].match.rule`. */
  path: string;
}

/** One problem found while loading filter files. */
export interface FilterProblem extends SourceLocation {
  message: string;
}

/** Formats a problem as `file:line: path: message`, the form editors and CI logs link. */
export function formatProblem(problem: FilterProblem): string {
  const path = problem.path === '' ? '' : `${problem.path}: `;
  return `${problem.file}:${problem.line}: ${path}${problem.message}`;
}

/** Thrown when filter files are invalid; `problems` lists every problem found, in file order. */
export class FilterFileError extends Error {
  readonly problems: readonly FilterProblem[];

  constructor(problems: FilterProblem[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`invalid filter files (${count}):\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'FilterFileError';
    this.problems = problems;
  }
}

/** Collects problems while a file is read, so one run reports all of them. */
export class ProblemList {
  readonly items: FilterProblem[] = [];

  add(at: SourceLocation, message: string): void {
    this.items.push({ ...at, message });
  }

  get isEmpty(): boolean {
    return this.items.length === 0;
  }
}
