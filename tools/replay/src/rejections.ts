/** An alert, or a whole request, that the forwarder did not accept, with the reason it gave. */
export interface RejectedAlert {
  /** Position of the alert in the corpus, from 0. Absent when a batch request was rejected as a whole. */
  bodyIndex?: number;
  /** Number of alerts this rejection covers: 1, or the size of a batch rejected as a whole. */
  alerts: number;
  /** HTTP status of the response. */
  status: number;
  /** The forwarder's machine-readable reason, such as `invalid_priority`, when it gave one. */
  code?: string;
  /** The forwarder's explanation, as it gave it. */
  reason: string;
}

/** The accepted count and the rejections that one forwarder reply reports for its request. */
export interface ReplyVerdict {
  /** The reply's `accepted` count when it is a 2xx reply that states one, else 0. */
  accepted: number;
  rejected: RejectedAlert[];
}

/** Reads the accepted count and the rejections of a reply, parsing its body once. */
export function readReply(
  status: number,
  body: string,
  bodyIndexes: readonly number[],
): ReplyVerdict {
  const parsed = parseObject(body);
  const succeeded = status >= 200 && status < 300;
  return {
    accepted: succeeded && typeof parsed?.accepted === 'number' ? parsed.accepted : 0,
    rejected: readRejections(status, parsed, body, bodyIndexes),
  };
}

/**
 * Reads the rejections from a response. A non-2xx reply rejects every alert
 * of the request and usually explains itself as `{ "error", "reason" }`. A 2xx
 * reply may still list rejected batch items as `{ "rejected": [{ "index",
 * "reason" }] }`, where `index` counts alerts within the request.
 */
function readRejections(
  status: number,
  parsed: Record<string, unknown> | undefined,
  body: string,
  bodyIndexes: readonly number[],
): RejectedAlert[] {
  if (status < 200 || status >= 300) {
    const rejection: RejectedAlert = {
      alerts: bodyIndexes.length,
      status,
      reason: explanation(parsed, body, status),
    };
    if (bodyIndexes.length === 1) rejection.bodyIndex = bodyIndexes[0];
    if (typeof parsed?.reason === 'string') rejection.code = parsed.reason;
    return [rejection];
  }

  if (!Array.isArray(parsed?.rejected)) return [];
  return parsed.rejected.map((item: unknown) => batchItemRejection(item, status, bodyIndexes));
}

function batchItemRejection(
  item: unknown,
  status: number,
  bodyIndexes: readonly number[],
): RejectedAlert {
  const entry = isObject(item) ? item : {};
  const rejection: RejectedAlert = { alerts: 1, status, reason: itemExplanation(entry, item) };

  if (typeof entry.index === 'number' && bodyIndexes[entry.index] !== undefined) {
    rejection.bodyIndex = bodyIndexes[entry.index];
  }
  if (typeof entry.reason === 'string') rejection.code = entry.reason;
  return rejection;
}

/** Prefers the problem messages of an item, then its reason, then the item itself as JSON. */
function itemExplanation(entry: Record<string, unknown>, item: unknown): string {
  if (Array.isArray(entry.problems)) {
    const messages = entry.problems
      .map((problem: unknown) =>
        isObject(problem) && typeof problem.message === 'string' ? problem.message : '',
      )
      .filter((message) => message !== '');
    if (messages.length > 0) return messages.join('; ');
  }
  if (typeof entry.reason === 'string') return entry.reason;
  return JSON.stringify(item);
}

function explanation(
  parsed: Record<string, unknown> | undefined,
  body: string,
  status: number,
): string {
  if (typeof parsed?.error === 'string') return parsed.error;
  if (typeof parsed?.message === 'string') return parsed.message;
  if (typeof parsed?.reason === 'string') return parsed.reason;
  const text = body.trim();
  return text === '' ? `HTTP ${status} with an empty body` : text;
}

function parseObject(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
