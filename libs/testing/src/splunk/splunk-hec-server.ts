import {
  startRecordingServer,
  type RecordedRequest,
  type ScriptedResponse,
} from '../recording-server';
import { HecAckLedger } from './hec-ack-ledger';
import { HEC_STATUS, hecReply } from './hec-replies';
import { splitJsonObjects } from './split-json-objects';

export const DEFAULT_HEC_TEST_TOKEN = '11111111-2222-3333-4444-555555555555';

const CHANNEL_HEADER = 'x-splunk-request-channel';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EVENT_PATHS = new Set([
  '/services/collector',
  '/services/collector/event',
  '/services/collector/event/1.0',
]);

export interface SplunkHecServerOptions {
  /** Loopback address to listen on; default 127.0.0.1. */
  host?: '127.0.0.1' | '::1';
  /** HEC tokens the server accepts; default [DEFAULT_HEC_TEST_TOKEN]. */
  tokens?: readonly string[];
  /** Tokens that exist but are disabled (code 1). */
  disabledTokens?: readonly string[];
  /** Indexes the tokens may write to; by default any index. */
  indexes?: readonly string[];
  /** Turns on indexer acknowledgement: a channel is required and replies carry an ackId. */
  ack?: boolean;
}

/** One event the server accepted, as indexed. */
export interface HecIndexedEvent {
  /** The event object parsed with JSON.parse; integers beyond 2^53 lose precision, so check `raw` for them. */
  value: Record<string, unknown>;
  /** The event's JSON text as sent. */
  raw: string;
  /** Channel of the request, when it named one. */
  channel?: string;
  /** ackId of the request, when acknowledgement is on. */
  ackId?: number;
}

export interface SplunkHecServer {
  /** Base URL, such as http://127.0.0.1:40123; the client adds /services/collector/event. */
  readonly url: string;
  /** Every request in arrival order, event and ack requests alike. */
  readonly requests: readonly RecordedRequest[];
  /** Events accepted so far, in order. */
  readonly events: readonly HecIndexedEvent[];
  /** Ack queries received, each as the list of ids asked for. */
  readonly ackQueries: readonly number[][];
  /** Replies to the next `count` requests with 503 "Server is busy" (code 9), with Retry-After when given. */
  busyNext(count?: number, retryAfterSeconds?: number): void;
  /**
   * Makes the next event request fail at event `eventNumber` (zero-based) with
   * 400 "Invalid data format" and `invalid-event-number`; the events before it
   * are indexed.
   */
  rejectEventNext(eventNumber: number): void;
  /** Plays a raw response for the next `count` requests, such as a dropped connection. */
  respondNext(response: ScriptedResponse, count?: number): void;
  /** Makes ack queries return false until `releaseAcks`. */
  holdAcks(): void;
  releaseAcks(): void;
  /** Resolves once `count` events were indexed; rejects after `timeoutMs` (default 5000). */
  waitForEvents(count: number, timeoutMs?: number): Promise<HecIndexedEvent[]>;
  close(): Promise<void>;
}

type Scripted =
  { kind: 'raw'; response: ScriptedResponse } | { kind: 'rejectEvent'; eventNumber: number };

/**
 * Starts a local server that speaks Splunk's HTTP Event Collector protocol:
 * `Authorization: Splunk <token>`, concatenated JSON events on
 * /services/collector/event, HEC's status codes and JSON replies, and
 * indexer acknowledgement through `X-Splunk-Request-Channel` and
 * /services/collector/ack.
 */
export async function startSplunkHecServer(
  options: SplunkHecServerOptions = {},
): Promise<SplunkHecServer> {
  const state: HecState = {
    tokens: new Set(options.tokens ?? [DEFAULT_HEC_TEST_TOKEN]),
    disabledTokens: new Set(options.disabledTokens ?? []),
    indexes: options.indexes === undefined ? undefined : new Set(options.indexes),
    ack: options.ack ?? false,
    ledger: new HecAckLedger(),
    events: [],
    ackQueries: [],
    script: [],
    waiters: new Set(),
  };

  const server = await startRecordingServer({
    host: options.host,
    responder: (request) => answerRequest(request, state),
  });

  return {
    url: server.url,
    requests: server.requests,
    events: state.events,
    ackQueries: state.ackQueries,
    busyNext(count = 1, retryAfterSeconds) {
      const headers =
        retryAfterSeconds === undefined ? undefined : { 'Retry-After': String(retryAfterSeconds) };
      for (let index = 0; index < count; index += 1) {
        state.script.push({ kind: 'raw', response: hecReply(HEC_STATUS.serverBusy, {}, headers) });
      }
    },
    rejectEventNext(eventNumber) {
      state.script.push({ kind: 'rejectEvent', eventNumber });
    },
    respondNext(response, count = 1) {
      for (let index = 0; index < count; index += 1) state.script.push({ kind: 'raw', response });
    },
    holdAcks: () => state.ledger.hold(),
    releaseAcks: () => state.ledger.release(),
    waitForEvents(count, timeoutMs = 5000) {
      return waitForEventCount(state, count, timeoutMs);
    },
    close: () => server.close(),
  };
}

interface HecState {
  tokens: Set<string>;
  disabledTokens: Set<string>;
  indexes?: Set<string>;
  ack: boolean;
  ledger: HecAckLedger;
  events: HecIndexedEvent[];
  ackQueries: number[][];
  script: Scripted[];
  waiters: Set<() => void>;
}

function answerRequest(request: RecordedRequest, state: HecState): ScriptedResponse {
  const pathname = request.path.split('?')[0];
  if (pathname === '/services/collector/health') return hecReply(HEC_STATUS.healthy);

  const isEvent = EVENT_PATHS.has(pathname);
  const isAck = pathname === '/services/collector/ack';
  if (!isEvent && !isAck) {
    return {
      status: 404,
      body: { text: 'The requested URL was not found on this server.', code: 404 },
    };
  }

  const scripted = state.script[0];
  if (scripted?.kind === 'raw') {
    state.script.shift();
    return scripted.response;
  }

  const authProblem = checkAuthorization(request, state);
  if (authProblem !== undefined) return authProblem;

  const channel = readChannel(request);
  if (isAck) return answerAck(request, channel, state);

  if (state.ack || channel !== undefined) {
    if (channel === undefined) return hecReply(HEC_STATUS.channelMissing);
    if (!GUID.test(channel)) return hecReply(HEC_STATUS.invalidChannel);
  }

  const rejectAt = scripted?.kind === 'rejectEvent' ? scripted.eventNumber : undefined;
  if (rejectAt !== undefined) state.script.shift();
  return acceptEvents(request.body, channel, rejectAt, state);
}

function checkAuthorization(
  request: RecordedRequest,
  state: HecState,
): ScriptedResponse | undefined {
  const header = request.headers.authorization;
  if (header === undefined || header === '') return hecReply(HEC_STATUS.tokenRequired);

  const token = /^Splunk\s+(\S+)$/.exec(String(header))?.[1];
  if (token === undefined) return hecReply(HEC_STATUS.invalidAuthorization);
  if (state.disabledTokens.has(token)) return hecReply(HEC_STATUS.tokenDisabled);
  if (!state.tokens.has(token)) return hecReply(HEC_STATUS.invalidToken);
  return undefined;
}

function readChannel(request: RecordedRequest): string | undefined {
  const header = request.headers[CHANNEL_HEADER];
  if (typeof header === 'string' && header !== '') return header;
  const query = new URLSearchParams(request.path.split('?')[1] ?? '').get('channel');
  return query === null || query === '' ? undefined : query;
}

/**
 * Indexes the events of one request in order. The first invalid event stops
 * the request with its number in `invalid-event-number`; the events before it
 * stay indexed.
 */
function acceptEvents(
  body: string,
  channel: string | undefined,
  rejectAt: number | undefined,
  state: HecState,
): ScriptedResponse {
  if (body.trim() === '') return hecReply(HEC_STATUS.noData);

  const split = splitJsonObjects(body);
  const accepted: HecIndexedEvent[] = [];
  let failure: ScriptedResponse | undefined;

  for (const [eventNumber, raw] of split.objects.entries()) {
    if (eventNumber === rejectAt) {
      failure = hecReply(HEC_STATUS.invalidDataFormat, { 'invalid-event-number': eventNumber });
      break;
    }
    const problem = checkEvent(raw, state);
    if (problem !== undefined) {
      failure = hecReply(problem, { 'invalid-event-number': eventNumber });
      break;
    }
    accepted.push({ value: JSON.parse(raw) as Record<string, unknown>, raw, channel });
  }
  if (failure === undefined && split.invalidAt !== undefined) {
    failure = hecReply(HEC_STATUS.invalidDataFormat, { 'invalid-event-number': split.invalidAt });
  }

  const ackId =
    state.ack && failure === undefined && channel !== undefined
      ? state.ledger.assign(channel)
      : undefined;
  for (const event of accepted) state.events.push({ ...event, ackId });
  for (const wake of [...state.waiters]) wake();

  if (failure !== undefined) return failure;
  return hecReply(HEC_STATUS.success, ackId === undefined ? {} : { ackId });
}

function checkEvent(
  raw: string,
  state: HecState,
): (typeof HEC_STATUS)[keyof typeof HEC_STATUS] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return HEC_STATUS.invalidDataFormat;
  }
  const event = value as Record<string, unknown>;
  if (!('event' in event)) return HEC_STATUS.eventFieldRequired;
  if (event.event === '' || event.event === null) return HEC_STATUS.eventFieldBlank;
  if (
    state.indexes !== undefined &&
    event.index !== undefined &&
    !state.indexes.has(String(event.index))
  ) {
    return HEC_STATUS.incorrectIndex;
  }
  return undefined;
}

function answerAck(
  request: RecordedRequest,
  channel: string | undefined,
  state: HecState,
): ScriptedResponse {
  if (!state.ack) return hecReply(HEC_STATUS.ackDisabled);
  if (channel === undefined) return hecReply(HEC_STATUS.channelMissing);
  if (!GUID.test(channel)) return hecReply(HEC_STATUS.invalidChannel);

  let ids: number[];
  try {
    const parsed = JSON.parse(request.body) as { acks?: unknown };
    if (!Array.isArray(parsed.acks) || !parsed.acks.every((id) => Number.isInteger(id)))
      throw new Error('acks');
    ids = parsed.acks as number[];
  } catch {
    return hecReply(HEC_STATUS.invalidDataFormat);
  }

  state.ackQueries.push(ids);
  return { status: 200, body: { acks: state.ledger.query(channel, ids) } };
}

function waitForEventCount(
  state: HecState,
  count: number,
  timeoutMs: number,
): Promise<HecIndexedEvent[]> {
  if (state.events.length >= count) return Promise.resolve([...state.events]);

  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (state.events.length < count) return;
      clearTimeout(timer);
      state.waiters.delete(check);
      resolve([...state.events]);
    };
    const timer = setTimeout(() => {
      state.waiters.delete(check);
      reject(
        new Error(
          `expected ${count} events within ${timeoutMs} ms; indexed ${state.events.length}`,
        ),
      );
    }, timeoutMs);
    state.waiters.add(check);
  });
}
