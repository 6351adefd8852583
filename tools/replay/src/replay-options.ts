import { ReplayError } from './replay-error';

/** Packing of alerts into requests. */
export type ReplayMode = 'single' | 'array' | 'ndjson';

export const REPLAY_MODES: readonly ReplayMode[] = ['single', 'array', 'ndjson'];

export interface ReplayOptions {
  /** Forwarder endpoint, http or https. */
  url: string;
  /** Request bodies or alerts as raw JSON text, one per corpus line. */
  bodies: readonly string[];
  /** Requests per second across all connections, where 0 sends as fast as possible. Default 0. */
  rate?: number;
  /** Connections used in parallel. Default 1, like one Falco instance. */
  concurrency?: number;
  /**
   * `single` posts one alert per request as Falco's http_output does (the default),
   * `array` posts a JSON array of `batchSize` alerts, and `ndjson` posts
   * `batchSize` alerts one per line.
   */
  mode?: ReplayMode;
  /** Alerts per request in `array` and `ndjson` modes. Default 100. */
  batchSize?: number;
  /** Compresses request bodies with gzip and sends Content-Encoding: gzip. Default false. */
  gzip?: boolean;
  /** Extra request headers, such as Authorization. */
  headers?: Record<string, string>;
  /** Maximum time in milliseconds for one request, from sending to the end of the response. Default 10000. */
  timeoutMs?: number;
  /** Passes over the corpus. Default 1, or unlimited when durationSeconds is set. */
  repeat?: number;
  /** Stops starting new requests after this many seconds. Default: no limit. */
  durationSeconds?: number;
  /** Stops after this many requests in a row fail without any response. Default 10. */
  maxConsecutiveFailures?: number;
  /** Maximum number of rejected alerts kept in the report with their reasons. Default 1000. */
  maxRejectedKept?: number;
}

export type ResolvedReplayOptions = Required<Omit<ReplayOptions, 'durationSeconds'>> & {
  durationSeconds: number | undefined;
  target: URL;
};

export const REPLAY_DEFAULTS = {
  rate: 0,
  concurrency: 1,
  mode: 'single' as ReplayMode,
  batchSize: 100,
  timeoutMs: 10_000,
  maxConsecutiveFailures: 10,
  maxRejectedKept: 1000,
};

/** Fills in defaults and rejects values that cannot work, naming the option and the fix. */
export function resolveReplayOptions(options: ReplayOptions): ResolvedReplayOptions {
  const target = parseTarget(options.url);
  const mode = options.mode ?? REPLAY_DEFAULTS.mode;
  if (!REPLAY_MODES.includes(mode)) {
    throw new ReplayError(`Invalid mode "${String(mode)}": use ${REPLAY_MODES.join(', ')}.`);
  }

  const durationSeconds = options.durationSeconds;
  if (durationSeconds !== undefined)
    requireNumber('durationSeconds', durationSeconds, { min: 0, exclusiveMin: true });

  const resolved: ResolvedReplayOptions = {
    url: options.url,
    target,
    bodies: options.bodies,
    rate: requireNumber('rate', options.rate ?? REPLAY_DEFAULTS.rate, { min: 0 }),
    concurrency: requireInteger(
      'concurrency',
      options.concurrency ?? REPLAY_DEFAULTS.concurrency,
      1,
    ),
    mode,
    batchSize: requireInteger('batchSize', options.batchSize ?? REPLAY_DEFAULTS.batchSize, 1),
    gzip: options.gzip ?? false,
    headers: options.headers ?? {},
    timeoutMs: requireInteger('timeoutMs', options.timeoutMs ?? REPLAY_DEFAULTS.timeoutMs, 1),
    repeat:
      options.repeat === undefined
        ? durationSeconds === undefined
          ? 1
          : Infinity
        : requireInteger('repeat', options.repeat, 1),
    durationSeconds,
    maxConsecutiveFailures: requireInteger(
      'maxConsecutiveFailures',
      options.maxConsecutiveFailures ?? REPLAY_DEFAULTS.maxConsecutiveFailures,
      1,
    ),
    maxRejectedKept: requireInteger(
      'maxRejectedKept',
      options.maxRejectedKept ?? REPLAY_DEFAULTS.maxRejectedKept,
      0,
    ),
  };

  if (resolved.bodies.length === 0) {
    throw new ReplayError('Nothing to send: the corpus has no non-blank lines.');
  }
  return resolved;
}

function parseTarget(url: string): URL {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new ReplayError(
      `Invalid URL "${url}": use an absolute http or https URL such as http://127.0.0.1:2801/.`,
    );
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new ReplayError(
      `Unsupported URL scheme "${target.protocol}" in "${url}": use http or https.`,
    );
  }
  return target;
}

function requireNumber(
  name: string,
  value: number,
  limits: { min: number; exclusiveMin?: boolean },
): number {
  const tooSmall = limits.exclusiveMin ? value <= limits.min : value < limits.min;
  if (typeof value !== 'number' || Number.isNaN(value) || tooSmall) {
    const bound = limits.exclusiveMin ? `greater than ${limits.min}` : `${limits.min} or more`;
    throw new ReplayError(`Invalid ${name} ${String(value)}: use a number ${bound}.`);
  }
  return value;
}

function requireInteger(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new ReplayError(`Invalid ${name} ${String(value)}: use a whole number, ${min} or more.`);
  }
  return value;
}
