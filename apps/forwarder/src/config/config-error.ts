/** A configuration problem found at start; the message names the key, the value and the fix. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    readonly problems: string[],
    options?: { cause?: unknown },
  ) {
    super(
      problems.length === 1
        ? `Invalid configuration: ${problems[0]}`
        : `Invalid configuration:\n  - ${problems.join('\n  - ')}`,
      options,
    );
  }
}
