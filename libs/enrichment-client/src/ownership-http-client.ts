import { EnrichmentError } from './enrichment-error';
import { isOwnerAnswer, type OwnerAnswer, type WorkloadQuery } from './resolve-wire';

export interface OwnershipHttpClientOptions {
  /** Base URL of the ownership API, such as `http://ownership-api.talaria.svc:2802`. */
  url: string;
  /** Bearer token with the read scope. */
  token: string;
  /** Requests still waiting after this many milliseconds are aborted. */
  requestTimeoutMs: number;
}

/** Sends one POST /v1/resolve and checks that the response has one result per query. */
export class OwnershipHttpClient {
  private readonly endpoint: string;

  constructor(private readonly options: OwnershipHttpClientOptions) {
    this.endpoint = new URL('/v1/resolve', options.url).toString();
  }

  async resolve(queries: readonly WorkloadQuery[]): Promise<OwnerAnswer[]> {
    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${this.options.token}`,
        },
        body: JSON.stringify({ identities: queries }),
        signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'TimeoutError') {
        throw new EnrichmentError(
          'timeout',
          `no answer within ${this.options.requestTimeoutMs} ms`,
          { cause: error },
        );
      }
      throw new EnrichmentError('network', `request failed: ${(error as Error).message}`, {
        cause: error,
      });
    }

    if (response.status !== 200) {
      const text = await response.text().catch(() => '');
      throw new EnrichmentError('http_status', `HTTP ${response.status}: ${text.slice(0, 200)}`);
    }

    const body = (await response.json().catch(() => undefined)) as
      { results?: unknown } | undefined;
    const results = body?.results;
    if (
      !Array.isArray(results) ||
      results.length !== queries.length ||
      !results.every(isOwnerAnswer)
    ) {
      throw new EnrichmentError(
        'bad_response',
        `the answer does not hold ${queries.length} owner results`,
      );
    }
    return results;
  }
}
