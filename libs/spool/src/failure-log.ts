import type { Logger } from '@talaria/telemetry';

const DEFAULT_QUIET_MS = 5000;

/**
 * Logs errors that the spool handles itself. The first error of a kind is
 * logged at once. Later ones within `quietMs` are only counted, and the next
 * line logged for that kind reports how many were suppressed.
 */
export class FailureLog {
  private readonly lastLoggedAt = new Map<string, number>();
  private readonly suppressed = new Map<string, number>();

  constructor(
    private readonly logger: Logger,
    private readonly quietMs = DEFAULT_QUIET_MS,
  ) {}

  error(kind: string, fields: Record<string, unknown>, message: string): void {
    this.log('error', kind, fields, message);
  }

  /** Like error, for problems that cost speed but lose nothing. */
  warn(kind: string, fields: Record<string, unknown>, message: string): void {
    this.log('warn', kind, fields, message);
  }

  private log(
    level: 'error' | 'warn',
    kind: string,
    fields: Record<string, unknown>,
    message: string,
  ): void {
    const now = Date.now();
    const last = this.lastLoggedAt.get(kind);

    if (last !== undefined && now - last < this.quietMs) {
      this.suppressed.set(kind, (this.suppressed.get(kind) ?? 0) + 1);
      return;
    }

    const suppressedCount = this.suppressed.get(kind) ?? 0;
    this.suppressed.delete(kind);
    this.lastLoggedAt.set(kind, now);
    this.logger[level](
      suppressedCount > 0 ? { ...fields, suppressedSimilarErrors: suppressedCount } : fields,
      message,
    );
  }
}
