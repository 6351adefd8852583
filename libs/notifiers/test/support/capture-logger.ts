import { createLogger, type Logger } from '@talaria/telemetry';

/** Logger that keeps each JSON line, as text and as an object, for assertions on what was logged. */
export function captureLogger(): {
  logger: Logger;
  lines: Array<Record<string, unknown>>;
  rawLines: string[];
} {
  const lines: Array<Record<string, unknown>> = [];
  const rawLines: string[] = [];
  const logger = createLogger({
    level: 'debug',
    name: 'test',
    destination: {
      write: (line: string) => {
        rawLines.push(line);
        lines.push(JSON.parse(line));
      },
    },
  });
  return { logger, lines, rawLines };
}
