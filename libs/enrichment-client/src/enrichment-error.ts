/** A resolve call that failed; `reason` is a short label for metrics and the finding's owner. */
export class EnrichmentError extends Error {
  override readonly name = 'EnrichmentError';

  constructor(
    readonly reason: 'timeout' | 'http_status' | 'network' | 'bad_response',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
