/** Invalid output configuration; `issues` contains one message per problem, each naming its key path. */
export class OutputConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(
      issues.length === 1
        ? issues[0]
        : `invalid output configuration (${issues.length} problems):\n- ${issues.join('\n- ')}`,
    );
    this.name = 'OutputConfigError';
  }
}
