import pino, { type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths masked in every log line. Secrets reach logs mostly through request
 * URLs (Falco can only authenticate with a secret in the URL) and headers.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'token',
  'secret',
  'password',
  '*.token',
  '*.secret',
  '*.password',
];

export interface LoggerSettings {
  /** pino level name; `silent` turns logging off. */
  level?: string;
  /** Component name written as `name` on every line. */
  name?: string;
  /** Destination; stdout when absent. */
  destination?: pino.DestinationStream;
}

/** Creates the structured JSON logger every Talaria component writes through. */
export function createLogger(settings: LoggerSettings = {}): Logger {
  const options: LoggerOptions = {
    level: settings.level ?? process.env.LOG_LEVEL ?? 'info',
    name: settings.name ?? 'talaria',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  return settings.destination ? pino(options, settings.destination) : pino(options);
}
