import {
  startRecordingServer,
  type RecordedRequest,
  type ScriptedResponse,
} from '../recording-server';
import { parseSlackRequest } from './slack-request';
import { SlackWorkspace, type SlackMessage, type SlackReplyBody } from './slack-workspace';

export const DEFAULT_SLACK_TEST_TOKEN = 'xoxb-test-token';

export interface SlackApiServerOptions {
  /** Loopback address to listen on; default 127.0.0.1. */
  host?: '127.0.0.1' | '::1';
  /** Bot tokens the server accepts; default [`xoxb-test-token`]. */
  tokens?: readonly string[];
  /** Channel names or IDs that exist; by default every channel exists. */
  channels?: readonly string[];
}

/** One Web API call as the server read it and replied. */
export interface SlackApiCall {
  /** Web API method, such as `chat.postMessage`. */
  method: string;
  /** Arguments from the form or JSON body, with `blocks` and `attachments` decoded. */
  args: Record<string, unknown>;
  /** Token the call carried, from the Authorization header or a `token` argument. */
  token?: string;
  /** The raw request, with headers and body as received. */
  request: RecordedRequest;
  status: number;
  /** The JSON reply, or undefined when the connection was closed without one. */
  reply?: SlackReplyBody;
}

/** A failure the server plays for upcoming calls, optionally only for one method. */
export type SlackScriptedFailure =
  | { kind: 'rate_limited'; retryAfterSeconds: number; method?: string }
  | { kind: 'error'; error: string; status?: number; method?: string }
  | { kind: 'raw'; response: ScriptedResponse; method?: string };

export interface SlackApiServer {
  /** Base URL of the server, such as http://127.0.0.1:40123. */
  readonly url: string;
  /** Value for the client's `slackApiUrl`: the base URL plus `/api/`. */
  readonly apiUrl: string;
  /** Calls in arrival order. */
  readonly calls: readonly SlackApiCall[];
  /** Messages posted, with chat.update applied, in posting order. */
  readonly messages: readonly SlackMessage[];
  /** Replies to the next `count` calls (of `method`, when given) with HTTP 429 and Retry-After. */
  rateLimitNext(retryAfterSeconds: number, count?: number, method?: string): void;
  /** Replies to the next `count` calls with `{ ok: false, error }`, with HTTP 200 unless `status` is given. */
  failNext(error: string, count?: number, options?: { status?: number; method?: string }): void;
  /** Plays a raw response, such as a 503 or a dropped connection, for the next `count` calls. */
  respondNext(response: ScriptedResponse, count?: number, method?: string): void;
  /** Returns the channel ID the server assigns to a channel name. */
  channelId(channel: string): string;
  /** Resolves once `count` calls of `method` arrived; rejects after `timeoutMs` (default 5000). */
  waitForCalls(method: string, count: number, timeoutMs?: number): Promise<SlackApiCall[]>;
  close(): Promise<void>;
}

/**
 * Starts a local server that speaks Slack's Web API for chat.postMessage,
 * chat.update and auth.test. It checks the bot token, the channel and the
 * Block Kit limits, replies with `ok`, `channel` and `ts` as Slack does, and
 * plays scripted rate limits and `ok: false` errors. Point a WebClient at it
 * with `slackApiUrl: server.apiUrl`.
 */
export async function startSlackApiServer(
  options: SlackApiServerOptions = {},
): Promise<SlackApiServer> {
  const tokens = new Set(options.tokens ?? [DEFAULT_SLACK_TEST_TOKEN]);
  const workspace = new SlackWorkspace(options.channels);
  const calls: SlackApiCall[] = [];
  const script: SlackScriptedFailure[] = [];
  const waiters = new Set<() => void>();

  const record = (call: SlackApiCall): void => {
    calls.push(call);
    for (const wake of [...waiters]) wake();
  };

  const respond = (request: RecordedRequest): ScriptedResponse => {
    const parsed = parseSlackRequest(request);
    const scripted = takeScripted(script, parsed.method);
    const answer = scripted ?? answerCall(parsed, tokens, workspace);
    const reply = 'closeSocket' in answer ? undefined : (answer.body as SlackReplyBody | undefined);
    record({
      method: parsed.method,
      args: parsed.args,
      token: parsed.token,
      request,
      status: 'closeSocket' in answer ? 0 : answer.status,
      reply,
    });
    return answer;
  };

  const server = await startRecordingServer({ host: options.host, responder: respond });

  return {
    url: server.url,
    apiUrl: `${server.url}/api/`,
    calls,
    messages: workspace.messages,
    rateLimitNext(retryAfterSeconds, count = 1, method) {
      for (let index = 0; index < count; index += 1) {
        script.push({ kind: 'rate_limited', retryAfterSeconds, method });
      }
    },
    failNext(error, count = 1, failure = {}) {
      for (let index = 0; index < count; index += 1) {
        script.push({ kind: 'error', error, status: failure.status, method: failure.method });
      }
    },
    respondNext(response, count = 1, method) {
      for (let index = 0; index < count; index += 1) script.push({ kind: 'raw', response, method });
    },
    channelId: (channel) => workspace.channelId(channel),
    waitForCalls(method, count, timeoutMs = 5000) {
      return waitForMethodCalls(calls, waiters, method, count, timeoutMs);
    },
    close: () => server.close(),
  };
}

function answerCall(
  parsed: ReturnType<typeof parseSlackRequest>,
  tokens: ReadonlySet<string>,
  workspace: SlackWorkspace,
): ScriptedResponse {
  if (parsed.error !== undefined) return reply({ ok: false, error: parsed.error });
  if (parsed.token === undefined) return reply({ ok: false, error: 'not_authed' });
  if (!tokens.has(parsed.token)) return reply({ ok: false, error: 'invalid_auth' });

  switch (parsed.method) {
    case 'chat.postMessage':
      return reply(workspace.postMessage(parsed.args));
    case 'chat.update':
      return reply(workspace.update(parsed.args));
    case 'auth.test':
      return reply({
        ok: true,
        url: 'https://talaria-test.slack.com/',
        team: 'Talaria test',
        user: 'talaria',
        team_id: 'T0TALARIA1',
        user_id: 'U0TALARIA1',
        bot_id: 'B0TALARIA1',
      });
    default:
      return reply({ ok: false, error: 'unknown_method' });
  }
}

/** Removes and returns the first scripted failure that applies to `method`. */
function takeScripted(
  script: SlackScriptedFailure[],
  method: string,
): ScriptedResponse | undefined {
  const index = script.findIndex((entry) => entry.method === undefined || entry.method === method);
  if (index === -1) return undefined;
  const [entry] = script.splice(index, 1);

  switch (entry.kind) {
    case 'rate_limited':
      return {
        status: 429,
        headers: { 'Retry-After': String(entry.retryAfterSeconds) },
        body: { ok: false, error: 'rate_limited' },
      };
    case 'error':
      return { status: entry.status ?? 200, body: { ok: false, error: entry.error } };
    case 'raw':
      return entry.response;
  }
}

function reply(body: SlackReplyBody): ScriptedResponse {
  return { status: 200, body };
}

function waitForMethodCalls(
  calls: SlackApiCall[],
  waiters: Set<() => void>,
  method: string,
  count: number,
  timeoutMs: number,
): Promise<SlackApiCall[]> {
  const matching = (): SlackApiCall[] => calls.filter((call) => call.method === method);
  if (matching().length >= count) return Promise.resolve(matching());

  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (matching().length < count) return;
      clearTimeout(timer);
      waiters.delete(check);
      resolve(matching());
    };
    const timer = setTimeout(() => {
      waiters.delete(check);
      reject(
        new Error(
          `expected ${count} ${method} calls within ${timeoutMs} ms; received ${matching().length}`,
        ),
      );
    }, timeoutMs);
    waiters.add(check);
  });
}
