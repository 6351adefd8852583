import type { Logger as SlackLogger } from '@slack/web-api';
import type { Logger } from '@talaria/telemetry';

import { slackLibrary } from '../client-libraries';

/**
 * Routes the Slack client's own log lines into pino at debug level, or warn
 * for its errors. The delivery engine already logs every failed send once,
 * throttled, so the client's per-request warnings would only repeat it.
 */
export function createSlackClientLogger(logger: Logger): SlackLogger {
  const write =
    (level: 'debug' | 'warn') =>
    (...parts: unknown[]): void => {
      logger[level]({ slackClient: true }, parts.map(formatPart).join(' '));
    };

  return {
    debug: write('debug'),
    info: write('debug'),
    warn: write('debug'),
    error: write('warn'),
    // Levels are pino's to decide; the client's own level setting is kept for its checks.
    setLevel: () => undefined,
    getLevel: () => slackLibrary().LogLevel.DEBUG,
    setName: () => undefined,
  };
}

function formatPart(part: unknown): string {
  if (typeof part === 'string') return part;
  if (part instanceof Error) return part.message;
  try {
    return JSON.stringify(part);
  } catch {
    return String(part);
  }
}
