import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import * as zlib from 'node:zlib';

/** One request the server received, recorded once its body had fully arrived. */
export interface RecordedRequest {
  method: string;
  /** Path with query string, as sent. */
  path: string;
  /** Header names in lower case, as node:http reports them. */
  headers: http.IncomingHttpHeaders;
  /** Body bytes as received, before any content-encoding was undone. */
  rawBody: Buffer;
  /** Body with gzip, deflate or br content-encoding undone, decoded as UTF-8. */
  body: string;
  /** Epoch ms at which the body was complete. */
  receivedAt: number;
  /** Client port of the connection; equal ports on two requests mean the connection was reused. */
  remotePort: number;
  /** Parses `body` as JSON. Integers beyond 2^53 lose precision: read `body` to check them. */
  json(): unknown;
}

/** A reply with a status, optional headers and body, optionally sent after `delayMs`. */
export interface ScriptedReply {
  status: number;
  headers?: Record<string, string>;
  /** Text or bytes are sent as given; any other value is sent as JSON. */
  body?: string | Buffer | object;
  /** Time in ms to wait before replying, for slow-server and timeout tests. */
  delayMs?: number;
}

/** Destroys the connection without replying, after `delayMs` if given. */
export interface ScriptedSocketClose {
  closeSocket: true;
  delayMs?: number;
}

export type ScriptedResponse = ScriptedReply | ScriptedSocketClose;

export interface RecordingServerOptions {
  /** Loopback address to listen on; default 127.0.0.1. */
  host?: '127.0.0.1' | '::1';
  /** Response used when no scripted one is queued; default 200 with an empty body. */
  defaultResponse?: ScriptedResponse;
  /**
   * Computes the response from the request when none is queued, for servers
   * that speak a protocol. Returning undefined falls back to the default
   * response, and a thrown error is answered with 500 and its message.
   */
  responder?: (request: RecordedRequest) => ScriptedResponse | undefined;
}

export interface RecordingServer {
  /** Base URL, such as http://127.0.0.1:40123. */
  readonly url: string;
  readonly port: number;
  /** Requests in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** Queues `response` for the next `count` requests, after responses already queued. */
  respondNext(response: ScriptedResponse, count?: number): void;
  /** Replaces the response used when nothing is queued. */
  setDefaultResponse(response: ScriptedResponse): void;
  /** Resolves once `count` requests arrived in total; rejects after `timeoutMs` (default 5000). */
  waitForRequests(count: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  /** Forgets recorded requests and queued responses. */
  reset(): void;
  /** Stops listening and destroys open connections and pending delayed replies. */
  close(): Promise<void>;
}

/**
 * Starts an HTTP server on a loopback address and a free port that records
 * every request and responds with scripted responses: error statuses with
 * headers such as Retry-After, slow replies, or a closed socket.
 */
export async function startRecordingServer(
  options: RecordingServerOptions = {},
): Promise<RecordingServer> {
  const host = options.host ?? '127.0.0.1';
  const requests: RecordedRequest[] = [];
  const queued: ScriptedResponse[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const waiters = new Set<() => void>();
  let defaultResponse: ScriptedResponse = options.defaultResponse ?? { status: 200 };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const recorded = recordRequest(request, Buffer.concat(chunks));
      requests.push(recorded);
      for (const wake of [...waiters]) wake();

      const scripted =
        queued.shift() ?? computeResponse(options.responder, recorded) ?? defaultResponse;
      const delayMs = scripted.delayMs ?? 0;
      if (delayMs <= 0) {
        respond(request, response, scripted);
        return;
      }
      const timer = setTimeout(() => {
        timers.delete(timer);
        respond(request, response, scripted);
      }, delayMs);
      timers.add(timer);
    });
  });
  // Keep-alive connections would otherwise hold close() open.
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    requests,
    respondNext(response, count = 1) {
      for (let index = 0; index < count; index += 1) queued.push(response);
    },
    setDefaultResponse(response) {
      defaultResponse = response;
    },
    waitForRequests(count, timeoutMs = 5000) {
      return waitForCount(requests, waiters, count, timeoutMs);
    },
    reset() {
      requests.length = 0;
      queued.length = 0;
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
      });
    },
  };
}

function computeResponse(
  responder: RecordingServerOptions['responder'],
  request: RecordedRequest,
): ScriptedResponse | undefined {
  if (responder === undefined) return undefined;
  try {
    return responder(request);
  } catch (error) {
    return { status: 500, body: { error: error instanceof Error ? error.message : String(error) } };
  }
}

function recordRequest(request: http.IncomingMessage, rawBody: Buffer): RecordedRequest {
  const body = decodeBody(rawBody, request.headers['content-encoding']).toString('utf8');
  return {
    method: request.method ?? '',
    path: request.url ?? '',
    headers: request.headers,
    rawBody,
    body,
    receivedAt: Date.now(),
    remotePort: request.socket.remotePort ?? 0,
    json: () => JSON.parse(body),
  };
}

/** Undoes gzip, deflate or br; returns the bytes unchanged for other or broken encodings. */
function decodeBody(raw: Buffer, encoding: string | undefined): Buffer {
  try {
    switch (encoding?.trim().toLowerCase()) {
      case 'gzip':
        return zlib.gunzipSync(raw);
      case 'deflate':
        return zlib.inflateSync(raw);
      case 'br':
        return zlib.brotliDecompressSync(raw);
      default:
        return raw;
    }
  } catch {
    return raw;
  }
}

function respond(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  scripted: ScriptedResponse,
): void {
  if (response.destroyed || request.socket.destroyed) return;
  if ('closeSocket' in scripted) {
    request.socket.destroy();
    return;
  }

  const { body, contentType } = encodeReplyBody(scripted.body);
  const headers: Record<string, string> = { ...scripted.headers };
  if (contentType !== undefined && !hasHeader(headers, 'content-type'))
    headers['content-type'] = contentType;
  response.writeHead(scripted.status, headers);
  response.end(body);
}

function encodeReplyBody(body: ScriptedReply['body']): {
  body?: string | Buffer;
  contentType?: string;
} {
  if (body === undefined) return {};
  if (typeof body === 'string') return { body, contentType: 'text/plain; charset=utf-8' };
  if (Buffer.isBuffer(body)) return { body, contentType: 'application/octet-stream' };
  return { body: JSON.stringify(body), contentType: 'application/json' };
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

function waitForCount(
  requests: RecordedRequest[],
  waiters: Set<() => void>,
  count: number,
  timeoutMs: number,
): Promise<RecordedRequest[]> {
  if (requests.length >= count) return Promise.resolve([...requests]);

  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (requests.length < count) return;
      clearTimeout(timer);
      waiters.delete(check);
      resolve([...requests]);
    };
    const timer = setTimeout(() => {
      waiters.delete(check);
      reject(
        new Error(`expected ${count} requests within ${timeoutMs} ms; received ${requests.length}`),
      );
    }, timeoutMs);
    waiters.add(check);
  });
}
