/** Machine-readable kind of a {@link SpoolError}. */
export type SpoolErrorCode =
  'invalid_options' | 'invalid_input' | 'invalid_ack' | 'closed' | 'write_failed' | 'open_failed';

/**
 * Base class of every error the spool library raises. `context` contains the
 * values involved (option name, segment file, seq) and `cause` the underlying
 * file system error, if any.
 */
export class SpoolError extends Error {
  override readonly name = 'SpoolError';

  constructor(
    readonly code: SpoolErrorCode,
    message: string,
    readonly context: Record<string, unknown> = {},
    options: { cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }
}
