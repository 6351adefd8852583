import type { IncomingHttpHeaders } from 'node:http';

import type { RecordedRequest, ScriptedReply } from '../recording-server';

/** Every Elasticsearch response carries it, and the official clients reject 2xx responses without it. */
const PRODUCT_HEADER = { 'X-Elastic-Product': 'Elasticsearch' };

/** Returns why a request's credentials are rejected, or undefined when they are accepted. */
export function checkAuthorization(
  header: string | undefined,
  path: string,
  options: { apiKey?: string; basicAuth?: { username: string; password: string } },
): string | undefined {
  const accepted: string[] = [];
  if (options.apiKey !== undefined) accepted.push(`ApiKey ${options.apiKey}`);
  if (options.basicAuth !== undefined) {
    const { username, password } = options.basicAuth;
    accepted.push(`Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`);
  }
  if (accepted.length === 0 || (header !== undefined && accepted.includes(header)))
    return undefined;

  return header === undefined
    ? `missing authentication credentials for REST request [${path}]`
    : `unable to authenticate with provided credentials for REST request [${path}]`;
}

/**
 * Elasticsearch accepts `compatible-with` for its own major and the one
 * before, and requires Content-Type and Accept to agree when a body is sent.
 */
export function checkCompatibility(
  headers: IncomingHttpHeaders,
  body: string,
  major: number,
): string | undefined {
  const accept = compatibleWith(headers.accept);
  const contentType = body === '' ? undefined : compatibleWith(headers['content-type']);
  for (const requested of [accept, contentType]) {
    if (requested !== undefined && requested !== major && requested !== major - 1) {
      return `compatible-with=${requested} is not supported by this Elasticsearch ${major} node; use a client of version ${major - 1} or ${major}`;
    }
  }
  if (body !== '' && accept !== contentType && accept !== undefined && contentType !== undefined) {
    return 'A compatible version is required on both Content-Type and Accept headers when either one requests it, and both must name the same version';
  }
  return undefined;
}

export function compatibleWith(header: string | undefined): number | undefined {
  const match = /compatible-with=(\d+)/.exec(header ?? '');
  return match === null ? undefined : Number(match[1]);
}

/** Builds a JSON reply with the product header and the content type the client negotiated. */
export function jsonReply(
  request: RecordedRequest,
  status: number,
  body: unknown,
  headers: Record<string, string>,
  omitProductHeader: boolean,
): ScriptedReply {
  const requested = compatibleWith(request.headers.accept);
  const contentType =
    requested === undefined
      ? 'application/json'
      : `application/vnd.elasticsearch+json;compatible-with=${requested}`;
  return {
    status,
    headers: {
      ...(omitProductHeader ? {} : PRODUCT_HEADER),
      'Content-Type': contentType,
      ...headers,
    },
    body: request.method === 'HEAD' ? '' : JSON.stringify(body),
  };
}

/** Resolves once `items` contains `count` entries; callers wake the waiters when they add an item. */
export function waitForCount<T>(
  items: T[],
  waiters: Set<() => void>,
  count: number,
  timeoutMs: number,
  noun: string,
): Promise<T[]> {
  if (items.length >= count) return Promise.resolve([...items]);

  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (items.length < count) return;
      clearTimeout(timer);
      waiters.delete(check);
      resolve([...items]);
    };
    const timer = setTimeout(() => {
      waiters.delete(check);
      reject(
        new Error(`expected ${count} ${noun} within ${timeoutMs} ms; received ${items.length}`),
      );
    }, timeoutMs);
    waiters.add(check);
  });
}
