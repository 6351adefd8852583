import http from 'node:http';
import https from 'node:https';

/** Outcome of one request: a response, or a transport error without one. */
export type RequestOutcome =
  | { kind: 'response'; status: number; body: string; latencyMs: number }
  | { kind: 'error'; code: string; message: string; latencyMs: number };

export interface SendTarget {
  url: URL;
  agent: http.Agent;
  headers: Record<string, string>;
  timeoutMs: number;
}

/** Maximum response bytes kept for the rejection reasons. Longer bodies are cut. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/** Posts one payload and resolves with its outcome. It never rejects. */
export function sendRequest(target: SendTarget, payload: Buffer): Promise<RequestOutcome> {
  const started = process.hrtime.bigint();
  const elapsedMs = () => Number(process.hrtime.bigint() - started) / 1e6;
  const client = target.url.protocol === 'https:' ? https : http;

  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: RequestOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };

    const request = client.request(target.url, {
      method: 'POST',
      agent: target.agent,
      headers: { ...target.headers, 'Content-Length': String(payload.length) },
    });

    // The timer covers the whole exchange, because a socket timeout alone misses a slow trickle.
    const timer = setTimeout(() => {
      const error = new Error(
        `no complete response within ${target.timeoutMs} ms`,
      ) as NodeJS.ErrnoException;
      error.code = 'ETIMEDOUT';
      request.destroy(error);
    }, target.timeoutMs);

    request.on('error', (error: NodeJS.ErrnoException) => {
      settle({
        kind: 'error',
        code: error.code ?? 'UNKNOWN',
        message: error.message,
        latencyMs: elapsedMs(),
      });
    });

    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      response.on('data', (chunk: Buffer) => {
        if (kept >= MAX_RESPONSE_BYTES) return;
        chunks.push(chunk);
        kept += chunk.length;
      });
      response.on('end', () => {
        const body = Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES).toString('utf8');
        settle({
          kind: 'response',
          status: response.statusCode ?? 0,
          body,
          latencyMs: elapsedMs(),
        });
      });
      response.on('error', (error: NodeJS.ErrnoException) => {
        settle({
          kind: 'error',
          code: error.code ?? 'ECONNRESET',
          message: error.message,
          latencyMs: elapsedMs(),
        });
      });
    });

    request.end(payload);
  });
}
