import type { RecordedRequest } from '../recording-server';

/** Arguments Slack's Web API reads as JSON text when they arrive in a form body. */
const JSON_ARGUMENTS = new Set(['blocks', 'attachments', 'metadata']);

export interface ParsedSlackRequest {
  /** Web API method, such as `chat.postMessage`. */
  method: string;
  /** Arguments from the form or JSON body, with `blocks` and `attachments` decoded. */
  args: Record<string, unknown>;
  /** Token from the `Authorization: Bearer` header, else from a `token` argument. */
  token?: string;
  /** Slack error code when the body cannot be read, such as `invalid_form_data`. */
  error?: string;
}

/**
 * Reads a Web API call the way Slack does: the method from the path after
 * `/api/`, arguments from an `application/x-www-form-urlencoded` or
 * `application/json` body, and the token from the Authorization header.
 */
export function parseSlackRequest(request: RecordedRequest): ParsedSlackRequest {
  const pathname = request.path.split('?')[0];
  const method = pathname.startsWith('/api/') ? pathname.slice('/api/'.length) : '';
  const contentType = String(request.headers['content-type'] ?? '').toLowerCase();
  const bearer = /^Bearer\s+(\S+)$/i.exec(String(request.headers.authorization ?? ''))?.[1];

  let args: Record<string, unknown>;
  if (contentType.startsWith('application/json')) {
    try {
      const parsed: unknown = JSON.parse(request.body === '' ? '{}' : request.body);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        return { method, args: {}, token: bearer, error: 'invalid_json' };
      }
      args = parsed as Record<string, unknown>;
    } catch {
      return { method, args: {}, token: bearer, error: 'invalid_json' };
    }
  } else if (contentType.startsWith('application/x-www-form-urlencoded') || request.body === '') {
    args = readForm(request.body);
  } else {
    return { method, args: {}, token: bearer, error: 'invalid_form_data' };
  }

  const formToken = typeof args.token === 'string' ? args.token : undefined;
  return { method, args, token: bearer ?? formToken };
}

function readForm(body: string): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    if (!JSON_ARGUMENTS.has(key)) {
      args[key] = value;
      continue;
    }
    try {
      args[key] = JSON.parse(value);
    } catch {
      // Slack rejects such a call, so the raw text is kept for the block check to report.
      args[key] = value;
    }
  }
  return args;
}
