/**
 * Error an adapter throws when a whole batch failed. `retryable` says whether
 * another attempt can help. `retryAfterMs` is the wait in ms that the
 * destination requested, if it sent one. `rateLimited` is true when the
 * destination rejected the batch because of a rate or quota limit (HTTP 429
 * or the service's own code for it). The destination is then up, only busy.
 */
export class DeliveryError extends Error {
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly rateLimited: boolean;

  constructor(
    message: string,
    options: { retryable: boolean; retryAfterMs?: number; rateLimited?: boolean; cause?: unknown },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DeliveryError';
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
    this.rateLimited = options.rateLimited === true;
  }
}
