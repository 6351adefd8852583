/** A rule file that cannot be read or does not describe rules the way Falco expects. */
export class RuleFileError extends Error {
  override readonly name = 'RuleFileError';

  constructor(
    readonly file: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${detail}`, options);
  }
}
