const SECRET_QUERY_KEYS = new Set(['token', 'secret', 'key', 'api_key', 'apikey', 'access_token']);

/**
 * Masks secrets in a request URL before it is logged or used as a label: the
 * values of secret-looking query parameters and any path segment listed in
 * `secretSegments` (the forwarder's URL tokens).
 */
export function redactUrl(url: string, secretSegments: ReadonlySet<string> = new Set()): string {
  const queryStart = url.indexOf('?');
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  const query = queryStart === -1 ? '' : url.slice(queryStart + 1);

  const maskedPath = path
    .split('/')
    .map((segment) => (secretSegments.has(decodeSafely(segment)) ? '[redacted]' : segment))
    .join('/');
  if (query === '') return maskedPath;

  const maskedQuery = query
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const key = equals === -1 ? pair : pair.slice(0, equals);
      return SECRET_QUERY_KEYS.has(decodeSafely(key).toLowerCase()) ? `${key}=[redacted]` : pair;
    })
    .join('&');
  return `${maskedPath}?${maskedQuery}`;
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
