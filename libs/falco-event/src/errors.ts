/** One validation failure of an alert: its location and the reason. */
export interface AlertProblem {
  /** Location in the alert, such as `priority`, `tags[2]` or `output_fields["proc.name"]`; empty for the alert itself. */
  path: string;
  /** Names the field, the value and what was expected. */
  message: string;
}

/** Options for FalcoEventError: facts for logs and the underlying error, if any. */
export interface FalcoEventErrorOptions {
  context?: Record<string, unknown>;
  cause?: unknown;
}

/** Base class of every error this library throws. */
export class FalcoEventError extends Error {
  /** Facts about the failure for structured logs, such as the offending value. */
  readonly context: Readonly<Record<string, unknown>>;

  constructor(message: string, options: FalcoEventErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.context = Object.freeze({ ...options.context });
  }
}

/** Raised by parseAlertOrThrow for an alert that fails validation. */
export class InvalidAlertError extends FalcoEventError {
  readonly problems: readonly AlertProblem[];

  constructor(problems: readonly AlertProblem[], options: FalcoEventErrorOptions = {}) {
    super(summarizeProblems(problems), {
      ...options,
      context: { ...options.context, problems },
    });
    this.problems = problems;
  }
}

/** Raised when the checker compiler meets a class-validator decorator it cannot compile. */
export class UnsupportedDecoratorError extends FalcoEventError {}

function summarizeProblems(problems: readonly AlertProblem[]): string {
  if (problems.length === 0) return 'Invalid Falco alert';

  const first = problems[0].message;
  const more = problems.length - 1;
  return more === 0
    ? `Invalid Falco alert: ${first}`
    : `Invalid Falco alert: ${first} (and ${more} more problem${more === 1 ? '' : 's'})`;
}
