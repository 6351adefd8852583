import autocannon from 'autocannon';

export interface LoadOptions {
  /** Base URL of a server this benchmark started on 127.0.0.1. */
  url: string;
  connections: number;
  seconds: number;
  /** Bodies sent in turn on each connection. */
  bodies: readonly string[];
  contentType: string;
  token?: string;
  /** Response body of a fully accepted request. Other bodies count as mismatches. */
  expectBody?: string;
  /**
   * Requests per second over all connections. autocannon sends each connection's
   * share of a second back to back, then pauses until the next second. Without a
   * rate, each connection sends as soon as it gets a response.
   */
  overallRate?: number;
}

export interface LoadResult {
  seconds: number;
  /** Responses with a 2xx status. */
  okResponses: number;
  /** `okResponses` per second of the run. */
  requestsPerSecond: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  mismatches: number;
  /** Status codes seen, with counts. */
  statusCodes: Record<string, number>;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
}

// Caps the requests of one run at a rate no single server here could serve, so a
// run ends even if the duration timer never fires.
const MAX_REQUESTS_PER_SECOND = 1_000_000;

/** Runs autocannon against one URL for a fixed duration and summarises the result. */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const headers: Record<string, string> = { 'content-type': options.contentType };
  if (options.token) headers.authorization = `Bearer ${options.token}`;

  const { expectBody } = options;
  const requests = options.bodies.map((body) => ({ method: 'POST', path: '/', headers, body }));
  const settings: autocannon.Options = {
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    maxOverallRequests: Math.ceil(options.seconds * MAX_REQUESTS_PER_SECOND),
    timeout: 10,
    method: 'POST',
    headers,
    requests,
    // autocannon rejects expectBody together with a requests list, so compare here.
    verifyBody: expectBody === undefined ? undefined : (body) => body === expectBody,
    overallRate: options.overallRate,
    // autocannon 9 corrects for coordinated omission with an expected interval of
    // ceil(1 / rate) ms, which is 1 ms at any rate, so each response of d ms would add
    // d - 1 synthetic samples. Its rate limit also sends each connection's quota for a
    // second as a burst, so there is no even schedule to correct against.
    ignoreCoordinatedOmission: options.overallRate === undefined ? undefined : true,
  };

  return new Promise((resolve, reject) => {
    autocannon(settings, (error, result) => {
      if (error) reject(error);
      else resolve(summariseLoad(result));
    });
  });
}

function summariseLoad(result: autocannon.Result): LoadResult {
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats))
    statusCodes[code] = stats.count;

  return {
    seconds: result.duration,
    okResponses: result['2xx'],
    requestsPerSecond: result.duration > 0 ? result['2xx'] / result.duration : 0,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    mismatches: result.mismatches,
    statusCodes,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
  };
}
