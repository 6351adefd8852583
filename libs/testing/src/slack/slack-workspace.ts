import { createHash } from 'node:crypto';

import { checkBlocks } from './block-kit-checks';

/** Maximum message text length; Slack rejects longer text with `msg_too_long`. */
const MAX_MESSAGE_TEXT = 40_000;

const CHANNEL_ID = /^[CGD][A-Z0-9]{8,}$/;

/** A message as the workspace stores it after chat.postMessage and chat.update. */
export interface SlackMessage {
  /** Channel ID, such as `C0123456789`. */
  channel: string;
  ts: string;
  /** Parent timestamp when the message is a thread reply. */
  threadTs?: string;
  text?: string;
  blocks?: unknown[];
  /** Arguments of the call that posted or last updated the message. */
  args: Record<string, unknown>;
  /** How many times chat.update changed the message. */
  updates: number;
}

/** The JSON body of a Web API reply. */
export type SlackReplyBody = Record<string, unknown> & { ok: boolean };

/**
 * The state of a fake workspace: which channels exist, under which IDs, and
 * the messages in them. Timestamps grow by one microsecond per message, as
 * Slack's `ts` values are unique per channel.
 */
export class SlackWorkspace {
  readonly messages: SlackMessage[] = [];
  private readonly knownChannels?: Set<string>;
  private sequence = 0;
  private readonly baseSeconds = Math.floor(Date.now() / 1000);

  constructor(channels?: readonly string[]) {
    this.knownChannels = channels === undefined ? undefined : new Set(channels.map(channelId));
  }

  /** Returns the channel ID for a channel name or ID, as the workspace assigns it. */
  channelId(channel: string): string {
    return channelId(channel);
  }

  postMessage(args: Record<string, unknown>): SlackReplyBody {
    const channel = this.findChannel(args.channel);
    if (channel === undefined) return { ok: false, error: 'channel_not_found' };

    const content = checkContent(args);
    if (content !== undefined) return content;

    const threadTs = typeof args.thread_ts === 'string' ? args.thread_ts : undefined;
    if (threadTs !== undefined && !this.hasMessage(channel, threadTs)) {
      return { ok: false, error: 'thread_not_found' };
    }

    this.sequence += 1;
    const ts = `${this.baseSeconds}.${String(this.sequence).padStart(6, '0')}`;
    const message: SlackMessage = {
      channel,
      ts,
      threadTs,
      text: typeof args.text === 'string' ? args.text : undefined,
      blocks: Array.isArray(args.blocks) ? args.blocks : undefined,
      args,
      updates: 0,
    };
    this.messages.push(message);
    return {
      ok: true,
      channel,
      ts,
      message: {
        type: 'message',
        bot_id: 'B0TALARIA1',
        text: message.text,
        ts,
        thread_ts: threadTs,
      },
    };
  }

  update(args: Record<string, unknown>): SlackReplyBody {
    const channel = this.findChannel(args.channel);
    if (channel === undefined) return { ok: false, error: 'channel_not_found' };

    const message = this.messages.find(
      (candidate) => candidate.channel === channel && candidate.ts === args.ts,
    );
    if (message === undefined) return { ok: false, error: 'message_not_found' };

    const content = checkContent(args);
    if (content !== undefined) return content;

    message.text = typeof args.text === 'string' ? args.text : message.text;
    message.blocks = Array.isArray(args.blocks) ? args.blocks : message.blocks;
    message.args = args;
    message.updates += 1;
    return { ok: true, channel, ts: message.ts, text: message.text };
  }

  private findChannel(value: unknown): string | undefined {
    if (typeof value !== 'string' || value === '') return undefined;
    const id = channelId(value);
    if (this.knownChannels !== undefined && !this.knownChannels.has(id)) return undefined;
    return id;
  }

  private hasMessage(channel: string, ts: string): boolean {
    return this.messages.some((message) => message.channel === channel && message.ts === ts);
  }
}

/** Returns Slack's error for missing, oversized or invalid message content, or undefined when it is fine. */
function checkContent(args: Record<string, unknown>): SlackReplyBody | undefined {
  const text = args.text;
  const blocks = args.blocks;
  if ((typeof text !== 'string' || text === '') && blocks === undefined) {
    return { ok: false, error: 'no_text' };
  }
  if (typeof text === 'string' && text.length > MAX_MESSAGE_TEXT) {
    return { ok: false, error: 'msg_too_long' };
  }
  if (blocks !== undefined) {
    const problems = checkBlocks(blocks);
    if (problems.length > 0) return { ok: false, error: 'invalid_blocks', errors: problems };
  }
  return undefined;
}

/** Maps a channel name to a stable fake ID; an ID is kept as given. */
function channelId(channel: string): string {
  if (CHANNEL_ID.test(channel)) return channel;
  const name = channel.replace(/^#/, '');
  return `C${createHash('sha256').update(name).digest('hex').slice(0, 10).toUpperCase()}`;
}
