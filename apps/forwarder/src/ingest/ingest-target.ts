/** Paths Falco and other senders post to: falcosidekick's `/`, a versioned path, and a URL-token path. */
export const INGEST_PATHS = ['/', '/v1/alerts', '/t/:token', '/v1/alerts/:token'];

/** Token of an ingest request's URL, if it carried one. */
export interface IngestTarget {
  urlToken?: string;
  /** The raw path token, so logs can redact it exactly as it appeared. */
  rawPathToken?: string;
}

const TOKEN_PREFIXES = ['/t/', '/v1/alerts/'];

/**
 * Matches a request target against the ingest paths. Returns undefined for
 * any other path, so the request goes to the rest of the HTTP routes. A token
 * may come in the path or as the `token` query parameter. The path wins.
 */
export function matchIngestTarget(url: string): IngestTarget | undefined {
  const queryStart = url.indexOf('?');
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  const queryToken = queryStart === -1 ? undefined : tokenFromQuery(url.slice(queryStart + 1));

  if (path === '/' || path === '/v1/alerts') return { urlToken: queryToken };

  for (const prefix of TOKEN_PREFIXES) {
    if (!path.startsWith(prefix)) continue;

    const rawPathToken = path.slice(prefix.length);
    // An empty segment or a deeper path is not an ingest route.
    if (rawPathToken === '' || rawPathToken.includes('/')) return undefined;
    return { urlToken: decodeSegment(rawPathToken), rawPathToken };
  }
  return undefined;
}

function tokenFromQuery(query: string): string | undefined {
  if (query === '') return undefined;
  const token = new URLSearchParams(query).get('token');
  return token ?? undefined;
}

// A malformed escape cannot match any token, so the raw text is compared and fails.
function decodeSegment(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
