import { DeliveryError } from '../../delivery/delivery-error';
import { slackLibrary } from '../client-libraries';
import { describeError } from '../../delivery/send-outcome';
import { escapeAndTruncate } from '../../text/escape-control-characters';
import { parseRetryAfter } from '../webhook/retry-after';
import type { SlackChannelSource } from './slack-channel-routing';

/**
 * Slack error codes after which the same call can succeed later: rate limits
 * reported in the body, and Slack's own transient failures.
 */
const RETRYABLE_SLACK_ERRORS = new Set([
  'ratelimited',
  'rate_limited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

/** Slack error codes that mean a rate limit, not a fault. */
const RATE_LIMIT_ERRORS = new Set(['ratelimited', 'rate_limited']);

/** Identifies the failed call in error messages. */
export interface SlackCallContext {
  method: string;
  channel: string;
  /** The routing rule that chose the channel; an owner's channel points at the ownership data. */
  source?: SlackChannelSource;
}

/**
 * Converts an error from @slack/web-api into a DeliveryError for the delivery
 * engine. HTTP 429 is retried after its Retry-After. Replies with `ok: false`,
 * such as `channel_not_found`, `invalid_auth` or `not_in_channel`, are not
 * retried and keep Slack's code in the reason. 5xx, timeouts and network
 * errors are retried.
 */
export function toDeliveryError(error: unknown, call: SlackCallContext): DeliveryError {
  const target = call.source === 'owner' ? "the owner's channel" : 'channel';
  const where = `Slack ${call.method} to ${target} "${escapeAndTruncate(call.channel, 100)}"`;
  const { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } =
    slackLibrary();

  if (error instanceof WebAPIRateLimitedError) {
    return new DeliveryError(
      `${where} was rate limited (HTTP 429); retry after ${error.retryAfter} s`,
      {
        retryable: true,
        retryAfterMs: error.retryAfter * 1000,
        rateLimited: true,
        cause: error,
      },
    );
  }

  if (error instanceof WebAPIPlatformError) {
    const code = String(error.data.error);
    const retryAfterSeconds = error.data.response_metadata?.retryAfter;
    const retryable = RETRYABLE_SLACK_ERRORS.has(code);
    return new DeliveryError(`${where} failed: ${code}${platformErrorHint(code)}`, {
      retryable,
      retryAfterMs:
        retryable && retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : undefined,
      rateLimited: RATE_LIMIT_ERRORS.has(code),
      cause: error,
    });
  }

  if (error instanceof WebAPIHTTPError) {
    const retryable = error.statusCode >= 500 || error.statusCode === 408;
    return new DeliveryError(`${where} failed with HTTP ${error.statusCode}`, {
      retryable,
      retryAfterMs: retryable ? parseRetryAfter(error.headers['retry-after']) : undefined,
      cause: error,
    });
  }

  if (error instanceof WebAPIRequestError) {
    return new DeliveryError(`${where} failed: ${describeError(error.original)}`, {
      retryable: true,
      cause: error,
    });
  }

  // Includes a 429 whose Retry-After the client could not read.
  return new DeliveryError(`${where} failed: ${describeError(error)}`, {
    retryable: true,
    cause: error,
  });
}

/** Adds what to do for errors that come from configuration rather than from the finding. */
function platformErrorHint(code: string): string {
  switch (code) {
    case 'invalid_auth':
    case 'not_authed':
    case 'account_inactive':
    case 'token_revoked':
    case 'token_expired':
      return " (check the bot token in the output's token setting)";
    case 'channel_not_found':
      return ' (check the channel name or ID, and that the bot can see the channel)';
    case 'not_in_channel':
      return ' (invite the bot to the channel)';
    case 'is_archived':
      return ' (the channel is archived; route to another channel)';
    case 'missing_scope':
      return ' (give the bot the chat:write scope)';
    default:
      return '';
  }
}
