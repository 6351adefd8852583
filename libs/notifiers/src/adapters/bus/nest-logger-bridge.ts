import { Logger as NestLogger } from '@nestjs/common';
import type { Logger } from '@talaria/telemetry';

import { LogThrottle } from '../../delivery/log-throttle';
import { describeBusError } from './bus-errors';

/**
 * A Nest Logger that writes the RMQ client's own messages (connected,
 * disconnected, blocked) to pino instead of the console. Errors are
 * described without credentials, and each distinct message is logged at
 * most once per 10 s with the count of repeats skipped.
 */
export class NestLoggerBridge extends NestLogger {
  private readonly throttle = new LogThrottle();

  constructor(private readonly target: Logger) {
    super('RabbitMQ');
  }

  override log(message: unknown): void {
    this.write('info', message);
  }

  override error(message: unknown): void {
    this.write('warn', message);
  }

  override warn(message: unknown): void {
    this.write('warn', message);
  }

  override debug(message: unknown): void {
    this.write('debug', message);
  }

  override verbose(message: unknown): void {
    this.write('debug', message);
  }

  override fatal(message: unknown): void {
    this.write('error', message);
  }

  private write(level: 'debug' | 'info' | 'warn' | 'error', message: unknown): void {
    const text = describeBusError(message);
    const admitted = this.throttle.admit(`${level}:${text}`);
    if (admitted === undefined) return;

    if (level === 'warn' || level === 'error') {
      this.target[level](
        { err: text, suppressedSinceLastLog: admitted.suppressed },
        'RabbitMQ client reported a problem',
      );
    } else {
      this.target[level](
        { suppressedSinceLastLog: admitted.suppressed },
        `RabbitMQ client: ${text}`,
      );
    }
  }
}
