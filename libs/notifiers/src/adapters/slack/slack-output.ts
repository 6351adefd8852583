import type { ChatPostMessageArguments, WebClient } from '@slack/web-api';
import type { Finding } from '@talaria/falco-event';
import { createLogger, type Logger } from '@talaria/telemetry';

import { DeliveryError } from '../../delivery/delivery-error';
import { describeError } from '../../delivery/send-outcome';
import type { OutputAdapter, SendResult } from '../../output';
import { slackLibrary } from '../client-libraries';
import {
  buildSlackMessage,
  buildSlackThreadReply,
  type SlackMessageContent,
} from './build-slack-message';
import {
  resolveSlackChannel,
  type SlackChannelRouting,
  type SlackChannelSource,
} from './slack-channel-routing';
import { createSlackClientLogger } from './slack-client-logger';
import { toDeliveryError } from './slack-errors';
import { ThreadCache, type ThreadParent } from './thread-cache';

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';
export const DEFAULT_SLACK_TIMEOUT_MS = 10_000;
export const DEFAULT_SLACK_THREAD_CACHE_SIZE = 10_000;

/** Slack errors meaning the thread parent is gone, so the summary is posted as a new message. */
const MISSING_PARENT_ERRORS = new Set(['thread_not_found', 'message_not_found']);

export interface SlackOutputOptions {
  name: string;
  /** Bot token (`xoxb-…`) with the chat:write scope, already read from its secret. */
  token: string;
  channels: SlackChannelRouting;
  /** Base URL of the Web API; default https://slack.com/api/. Tests point it at a local server. */
  apiUrl?: string;
  /** URL template with `{id}` for a link to the finding in Kibana. */
  kibanaUrl?: string;
  /** Maximum time in ms for one API call; default 10000. */
  timeoutMs?: number;
  /** Fingerprints whose first message is remembered for threading; default 10000. */
  threadCacheSize?: number;
  logger?: Logger;
}

/**
 * Posts each finding as a Block Kit message with chat.postMessage. A
 * coalesced finding whose first message this process posted goes into that
 * message's thread as a reply, so a storm of alerts stays in one thread.
 * Retries belong to the delivery engine: the client's own retries and
 * rate-limit queueing are turned off, and a 429 becomes a retryable failure
 * carrying Retry-After.
 */
export class SlackOutput implements OutputAdapter {
  readonly type = 'slack';
  // One message per finding; chat.postMessage takes no batches.
  readonly maxBatchSize = 1;
  readonly name: string;
  private readonly client: WebClient;
  private readonly channels: SlackChannelRouting;
  private readonly kibanaUrl?: string;
  private readonly threads: ThreadCache;
  private readonly logger: Logger;

  constructor(options: SlackOutputOptions) {
    this.name = options.name;
    this.channels = options.channels;
    this.kibanaUrl = options.kibanaUrl;
    this.threads = new ThreadCache(options.threadCacheSize ?? DEFAULT_SLACK_THREAD_CACHE_SIZE);
    this.logger = (options.logger ?? createLogger({ level: 'silent' })).child({
      output: options.name,
    });
    this.client = new (slackLibrary().WebClient)(options.token, {
      slackApiUrl: options.apiUrl ?? DEFAULT_SLACK_API_URL,
      // The delivery engine owns retries, backoff and the circuit breaker.
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: options.timeoutMs ?? DEFAULT_SLACK_TIMEOUT_MS,
      // Method names are fixed here, so no call may redirect the token to another host.
      allowAbsoluteUrls: false,
      logger: createSlackClientLogger(this.logger),
    });
  }

  /**
   * Posts the findings one by one and reports a failure for its finding.
   * After a rate limit, the rest of the batch is reported as retryable
   * without being tried, because Slack asked for a pause.
   */
  async send(batch: Finding[]): Promise<SendResult> {
    const result: SendResult = { failed: [] };

    for (let index = 0; index < batch.length; index += 1) {
      const finding = batch[index];
      try {
        await this.deliver(finding);
      } catch (error) {
        // Errors other than DeliveryError are bugs here; a retry may still get the finding through.
        const failure =
          error instanceof DeliveryError
            ? error
            : new DeliveryError(describeError(error), { retryable: true, cause: error });
        result.failed.push({ finding, reason: failure.message, retryable: failure.retryable });
        if (failure.rateLimited) result.rateLimited = true;
        if (failure.retryAfterMs === undefined) continue;

        result.retryAfterMs = failure.retryAfterMs;
        for (const waiting of batch.slice(index + 1)) {
          result.failed.push({
            finding: waiting,
            reason: 'not sent: Slack rate limit',
            retryable: true,
          });
        }
        break;
      }
    }
    return result;
  }

  private async deliver(finding: Finding): Promise<void> {
    const { channel: routedChannel, source } = resolveSlackChannel(finding, this.channels);
    const options = { kibanaUrl: this.kibanaUrl };

    const parent = this.threadParent(finding.fingerprint, routedChannel);
    if (finding.coalesced !== undefined && parent !== undefined) {
      const reply = buildSlackThreadReply(finding, options);
      if (await this.replyInThread(finding, parent, reply, source)) return;
    }

    const posted = await this.post(routedChannel, buildSlackMessage(finding, options), source);
    // The first message stays the thread parent while the fingerprint routes to the same channel.
    if (posted.ts !== '' && this.threadParent(finding.fingerprint, routedChannel) === undefined) {
      this.threads.remember(finding.fingerprint, { routedChannel, ...posted });
    }
  }

  /** Returns the first message of the fingerprint when it went to the same configured channel. */
  private threadParent(fingerprint: string, routedChannel: string): ThreadParent | undefined {
    const parent = this.threads.get(fingerprint);
    return parent?.routedChannel === routedChannel ? parent : undefined;
  }

  /** Replies in the parent's thread; returns false when Slack no longer has the parent. */
  private async replyInThread(
    finding: Finding,
    parent: ThreadParent,
    content: SlackMessageContent,
    source: SlackChannelSource,
  ): Promise<boolean> {
    try {
      await this.post(parent.channel, content, source, parent.ts);
      return true;
    } catch (error) {
      const cause = error instanceof DeliveryError ? error.cause : undefined;
      if (
        !(cause instanceof slackLibrary().WebAPIPlatformError) ||
        !MISSING_PARENT_ERRORS.has(String(cause.data.error))
      ) {
        throw error;
      }
      this.threads.forget(finding.fingerprint);
      this.logger.warn(
        {
          findingId: finding.id,
          fingerprint: finding.fingerprint,
          channel: parent.channel,
          threadTs: parent.ts,
          error: cause.data.error,
        },
        'thread parent no longer exists; posting the summary as a new message',
      );
      return false;
    }
  }

  /** Calls chat.postMessage and returns the channel ID and timestamp Slack assigned. */
  private async post(
    channel: string,
    content: SlackMessageContent,
    source: SlackChannelSource,
    threadTs?: string,
  ): Promise<{ channel: string; ts: string }> {
    const request: ChatPostMessageArguments = {
      channel,
      text: content.text,
      blocks: content.blocks,
      // Attacker-chosen URLs must not be fetched by Slack or turned into links.
      unfurl_links: false,
      unfurl_media: false,
      link_names: false,
      parse: 'none',
      ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
    };

    let response;
    try {
      response = await this.client.chat.postMessage(request);
    } catch (error) {
      throw toDeliveryError(error, { method: 'chat.postMessage', channel, source });
    }
    return { channel: response.channel ?? channel, ts: response.ts ?? '' };
  }
}
