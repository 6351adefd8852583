/** A message the broker returned because no queue was bound for its routing key. */
export class UnroutableMessageError extends Error {
  constructor(exchange: string, routingKey: string) {
    super(
      `the broker returned the message: no queue is bound to exchange ${exchange} for routing key ${routingKey}; bind a consumer queue or set queue on the output`,
    );
    this.name = 'UnroutableMessageError';
  }
}

/** Masks the password of amqp:// URLs that may appear in error messages. */
export function redactAmqpCredentials(text: string): string {
  return text.replace(/(amqps?:\/\/[^:/@\s]*):[^@\s]*@/gi, '$1:[redacted]@');
}

/**
 * Describes an error from the RMQ client for logs and dead letters without
 * leaking credentials. Connection failures arrive as `{ err, url }` objects
 * whose URL contains the password, and lost connections as plain strings.
 */
export function describeBusError(error: unknown): string {
  const inner = (error as { err?: unknown } | undefined)?.err;
  const cause = hasMessage(inner) ? inner : error;

  let text: string;
  if (hasMessage(cause)) {
    const code = (cause as { code?: unknown }).code;
    text =
      typeof code === 'string' && !cause.message.includes(code)
        ? `${code}: ${cause.message}`
        : cause.message;
  } else if (typeof cause === 'string') {
    text = cause;
  } else {
    text = 'unknown error from the RabbitMQ client';
  }
  return redactAmqpCredentials(text);
}

/** Duck-typed, because errors from other realms (such as Jest's) fail `instanceof Error`. */
function hasMessage(value: unknown): value is { message: string } {
  return typeof (value as { message?: unknown } | undefined)?.message === 'string';
}
