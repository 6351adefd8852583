import * as http from 'node:http';
import * as https from 'node:https';

export interface HttpResponseSummary {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** First bytes of the body, decoded as UTF-8. */
  bodyExcerpt: string;
}

export interface HttpRequestSettings {
  method: string;
  headers: Record<string, string>;
  body: Buffer;
  /** Maximum time in ms for the whole exchange, connecting included. */
  timeoutMs: number;
  agent: http.Agent;
}

/** Bytes of a response body kept for error messages. */
const EXCERPT_BYTES = 1024;
/** Bytes of a response body read before the socket is dropped instead of drained for reuse. */
const MAX_DRAINED_BYTES = 1024 * 1024;

/** Error for a request that did not finish within its time limit. */
export class RequestTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`request timed out after ${timeoutMs} ms`);
    this.name = 'RequestTimeoutError';
  }
}

/** Creates a keep-alive agent for the URL's protocol. */
export function createKeepAliveAgent(url: URL, maxSockets: number): http.Agent {
  const options = { keepAlive: true, maxSockets };
  return url.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
}

/**
 * Sends one request and resolves with the status, headers and the start of
 * the body. Rejects on network errors and on timeout; HTTP error statuses resolve.
 */
export function sendHttpRequest(
  url: URL,
  settings: HttpRequestSettings,
): Promise<HttpResponseSummary> {
  const client = url.protocol === 'https:' ? https : http;

  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | undefined, summary?: HttpResponseSummary): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error !== undefined) reject(error);
      else resolve(summary as HttpResponseSummary);
    };

    const request = client.request(url, {
      method: settings.method,
      headers: settings.headers,
      agent: settings.agent,
    });
    const timer = setTimeout(() => {
      const error = new RequestTimeoutError(settings.timeoutMs);
      request.destroy(error);
      finish(error);
    }, settings.timeoutMs);

    request.on('error', (error) => finish(error));
    request.on('response', (response) => {
      const excerpt: Buffer[] = [];
      let excerptBytes = 0;
      let totalBytes = 0;

      response.on('data', (chunk: Buffer) => {
        totalBytes += chunk.length;
        if (excerptBytes < EXCERPT_BYTES) {
          excerpt.push(chunk.subarray(0, EXCERPT_BYTES - excerptBytes));
          excerptBytes += Math.min(chunk.length, EXCERPT_BYTES - excerptBytes);
        }
        // A huge body is not worth reading just to reuse the connection.
        if (totalBytes > MAX_DRAINED_BYTES) response.destroy();
      });
      const summarise = (): void =>
        finish(undefined, {
          status: response.statusCode ?? 0,
          headers: response.headers,
          bodyExcerpt: Buffer.concat(excerpt).toString('utf8'),
        });
      response.on('end', summarise);
      // The status is known, so a body cut short still yields a verdict.
      response.on('close', summarise);
      response.on('error', () => summarise());
    });
    request.end(settings.body);
  });
}
