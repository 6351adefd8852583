import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { LoadResult } from './run-load';

export interface PacedLoadOptions {
  /** Base URL of a server this benchmark started on 127.0.0.1. */
  url: string;
  /** Keep-alive connections, each sending one request per period. */
  connections: number;
  /** Requests per second over all connections. */
  rate: number;
  seconds: number;
  /** Bodies sent in turn over all connections. */
  bodies: readonly string[];
  contentType: string;
  token?: string;
  /** Response body of a fully accepted request. Other bodies count as mismatches. */
  expectBody?: string;
}

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Sends requests at an even pace, the way many Falco instances each send an
 * alert now and then. Every connection posts once per `connections / rate`
 * seconds, starting at a random point of the first period, so the requests
 * spread over each second instead of arriving as one burst. A request whose
 * connection is still busy waits for it, and that wait counts in its latency.
 */
export async function runPacedLoad(options: PacedLoadOptions): Promise<LoadResult> {
  const periodMs = (options.connections / options.rate) * 1000;
  const headers: Record<string, string> = { 'content-type': options.contentType };
  if (options.token) headers.authorization = `Bearer ${options.token}`;

  const tally = new Tally();
  const inFlight = new Set<Promise<void>>();
  const agents = Array.from(
    { length: options.connections },
    () => new Agent({ keepAlive: true, maxSockets: 1 }),
  );
  let next = 0;

  const send = (agent: Agent): void => {
    const body = options.bodies[next % options.bodies.length];
    next += 1;
    const sent = post(options.url, agent, headers, body, options.expectBody, tally);
    inFlight.add(sent);
    void sent.finally(() => inFlight.delete(sent));
  };

  const startedAt = performance.now();
  const timers = agents.map((agent) => schedule(() => send(agent), periodMs));
  await new Promise((resolve) => setTimeout(resolve, options.seconds * 1000));
  for (const stop of timers) stop();
  await Promise.all([...inFlight]);
  const seconds = (performance.now() - startedAt) / 1000;
  for (const agent of agents) agent.destroy();

  return tally.summarise(seconds);
}

/** Calls `send` once per period from a random start within the first period; returns a stop function. */
function schedule(send: () => void, periodMs: number): () => void {
  let interval: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    send();
    interval = setInterval(send, periodMs);
  }, Math.random() * periodMs);
  return () => {
    clearTimeout(first);
    clearInterval(interval);
  };
}

function post(
  url: string,
  agent: Agent,
  headers: Record<string, string>,
  body: string,
  expectBody: string | undefined,
  tally: Tally,
): Promise<void> {
  const startedAt = performance.now();

  return new Promise((resolve) => {
    const outgoing = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        timeout: REQUEST_TIMEOUT_MS,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          tally.response(
            response.statusCode ?? 0,
            expectBody === undefined || text === expectBody,
            performance.now() - startedAt,
          );
          resolve();
        });
        response.on('error', () => {
          tally.errors += 1;
          resolve();
        });
      },
    );
    let timedOut = false;
    outgoing.on('timeout', () => {
      timedOut = true;
      tally.timeouts += 1;
      outgoing.destroy();
    });
    outgoing.on('error', () => {
      // The destroy after a timeout also ends here; it counts as a timeout only.
      if (!timedOut) tally.errors += 1;
      resolve();
    });
    outgoing.end(body);
  });
}

/** Counts of one paced run, summarised in the shape autocannon runs have. */
class Tally {
  errors = 0;
  timeouts = 0;
  private ok = 0;
  private non2xx = 0;
  private mismatches = 0;
  private readonly statusCodes: Record<string, number> = {};
  private readonly latenciesMs: number[] = [];

  response(status: number, bodyMatched: boolean, latencyMs: number): void {
    this.statusCodes[status] = (this.statusCodes[status] ?? 0) + 1;
    this.latenciesMs.push(latencyMs);
    if (status < 200 || status > 299) this.non2xx += 1;
    else if (!bodyMatched) this.mismatches += 1;
    else this.ok += 1;
  }

  summarise(seconds: number): LoadResult {
    return {
      seconds,
      okResponses: this.ok,
      requestsPerSecond: seconds > 0 ? this.ok / seconds : 0,
      non2xx: this.non2xx,
      errors: this.errors,
      timeouts: this.timeouts,
      mismatches: this.mismatches,
      statusCodes: this.statusCodes,
      latencyMs: latencyPercentiles(this.latenciesMs),
    };
  }
}

/** p50, p90, p99 and maximum of latencies in ms, by the nearest-rank method; zeros when empty. */
export function latencyPercentiles(latenciesMs: readonly number[]): LoadResult['latencyMs'] {
  if (latenciesMs.length === 0) return { p50: 0, p90: 0, p99: 0, max: 0 };

  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const rank = (fraction: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
  return { p50: rank(0.5), p90: rank(0.9), p99: rank(0.99), max: sorted[sorted.length - 1] };
}
