import { register as globalRegistry, type Registry } from 'prom-client';
import type { Logger } from '@talaria/telemetry';
import { SpoolError } from './errors';

/** When the spool calls fdatasync on what it wrote. */
export type FsyncPolicy = 'always' | 'interval' | 'never';

/**
 * Mode of segment writes. `adaptive` writes synchronously while the disk is
 * fast and on libuv's thread pool for 30 s after a slow write. `async` always
 * uses the thread pool.
 */
export type WriteMode = 'adaptive' | 'async';

export interface SpoolOptions {
  /** Directory of the segment files, created if missing. Only one open Spool may use it at a time. */
  directory: string;
  /** Registry that receives the `talaria_spool_*` metrics. The global prom-client registry is rejected. */
  registry: Registry;
  /** Logger for recovery reports and for file system errors the spool handles itself. */
  logger: Logger;
  /** Maximum total bytes of segment files. Default 1 GiB. */
  maxBytes?: number;
  /** Size in bytes at which the spool starts a new segment file. Default 64 MiB. */
  segmentBytes?: number;
  /**
   * Maximum number of entries waiting in memory. Later entries wait on disk only
   * and are read back when the memory part runs low. Default 1,000.
   */
  maxMemoryEntries?: number;
  /** fdatasync policy, see the README. Default `interval`. */
  fsync?: FsyncPolicy;
  /** Period in ms of the background fdatasync (`interval`) and of acknowledgement log syncs (`always`). Default 1000. */
  fsyncIntervalMs?: number;
  /** Mode of segment and acknowledgement writes, see WriteMode. Default `adaptive`. */
  writeMode?: WriteMode;
}

export type ResolvedSpoolOptions = Required<SpoolOptions>;

export const DEFAULT_OPTIONS = {
  maxBytes: 1024 * 1024 * 1024,
  segmentBytes: 64 * 1024 * 1024,
  // V8 lets the heap grow to a multiple of its live size between full collections,
  // so each entry kept here (with its parsed attachment) costs a few times its size in RSS.
  maxMemoryEntries: 1_000,
  fsync: 'interval',
  fsyncIntervalMs: 1000,
  writeMode: 'adaptive',
} as const satisfies Partial<SpoolOptions>;

export const MIN_SEGMENT_BYTES = 1024;

// Each segment can hold an open acknowledgement log, so this also bounds open files.
export const MAX_SEGMENT_COUNT = 10_000;

const FSYNC_POLICIES: readonly FsyncPolicy[] = ['always', 'interval', 'never'];
const WRITE_MODES: readonly WriteMode[] = ['adaptive', 'async'];

const KNOWN_KEYS = new Set([
  'directory',
  'registry',
  'logger',
  'maxBytes',
  'segmentBytes',
  'maxMemoryEntries',
  'fsync',
  'fsyncIntervalMs',
  'writeMode',
]);

/** Fills in defaults and raises a SpoolError naming the first invalid option and how to fix it. */
export function resolveOptions(options: SpoolOptions): ResolvedSpoolOptions {
  if (typeof options !== 'object' || options === null) {
    throw invalid(
      'options',
      options,
      'Pass an object with at least directory, registry and logger.',
    );
  }

  for (const key of Object.keys(options)) {
    if (!KNOWN_KEYS.has(key)) {
      throw invalid(
        key,
        (options as unknown as Record<string, unknown>)[key],
        `Remove it. Known options: ${[...KNOWN_KEYS].join(', ')}.`,
      );
    }
  }

  const resolved: ResolvedSpoolOptions = { ...DEFAULT_OPTIONS, ...withoutUndefined(options) };
  validateDependencies(resolved);
  validateSizes(resolved);

  if (!FSYNC_POLICIES.includes(resolved.fsync)) {
    throw invalid('fsync', resolved.fsync, `Use one of ${FSYNC_POLICIES.join(', ')}.`);
  }
  if (!Number.isSafeInteger(resolved.fsyncIntervalMs) || resolved.fsyncIntervalMs < 1) {
    throw invalid(
      'fsyncIntervalMs',
      resolved.fsyncIntervalMs,
      'Use a whole number of milliseconds of at least 1.',
    );
  }
  if (!WRITE_MODES.includes(resolved.writeMode)) {
    throw invalid('writeMode', resolved.writeMode, `Use one of ${WRITE_MODES.join(', ')}.`);
  }
  return resolved;
}

function validateDependencies(options: ResolvedSpoolOptions): void {
  if (typeof options.directory !== 'string' || options.directory.trim() === '') {
    throw invalid(
      'directory',
      options.directory,
      'Use the path of a directory the process may write.',
    );
  }
  // Duck typing, because a second copy of prom-client in node_modules has its own Registry class.
  const registry = options.registry as Partial<Registry> | undefined;
  if (
    typeof registry?.registerMetric !== 'function' ||
    typeof registry.removeSingleMetric !== 'function'
  ) {
    throw invalid('registry', options.registry, 'Pass a prom-client Registry instance.');
  }
  if (options.registry === globalRegistry) {
    throw invalid(
      'registry',
      globalRegistry,
      'Pass a Registry created for the service.',
      'the global prom-client registry',
    );
  }
  const logger = options.logger as Partial<ResolvedSpoolOptions['logger']> | undefined;
  if (
    typeof logger?.error !== 'function' ||
    typeof logger.warn !== 'function' ||
    typeof logger.info !== 'function'
  ) {
    throw invalid(
      'logger',
      logger,
      'Pass a pino Logger, for example from createLogger() in @talaria/telemetry.',
    );
  }
}

function validateSizes(options: ResolvedSpoolOptions): void {
  const { maxBytes, segmentBytes, maxMemoryEntries } = options;

  if (!Number.isSafeInteger(maxBytes) || maxBytes < MIN_SEGMENT_BYTES) {
    throw invalid(
      'maxBytes',
      maxBytes,
      `Use a whole number of bytes of at least ${MIN_SEGMENT_BYTES}.`,
    );
  }
  if (
    !Number.isSafeInteger(segmentBytes) ||
    segmentBytes < MIN_SEGMENT_BYTES ||
    segmentBytes > maxBytes
  ) {
    throw invalid(
      'segmentBytes',
      segmentBytes,
      `Use a whole number of bytes from ${MIN_SEGMENT_BYTES} to maxBytes (${maxBytes}).`,
    );
  }
  if (maxBytes / segmentBytes > MAX_SEGMENT_COUNT) {
    throw invalid(
      'segmentBytes',
      segmentBytes,
      `maxBytes / segmentBytes must be at most ${MAX_SEGMENT_COUNT}, so raise segmentBytes to at least ${Math.ceil(maxBytes / MAX_SEGMENT_COUNT)} or lower maxBytes.`,
    );
  }
  if (!Number.isSafeInteger(maxMemoryEntries) || maxMemoryEntries < 1) {
    throw invalid('maxMemoryEntries', maxMemoryEntries, 'Use a whole number of at least 1.');
  }
}

function withoutUndefined(options: SpoolOptions): SpoolOptions {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined) copy[key] = value;
  }
  return copy as unknown as SpoolOptions;
}

function invalid(
  option: string,
  value: unknown,
  fix: string,
  shownValue = describe(value),
): SpoolError {
  return new SpoolError(
    'invalid_options',
    `Invalid spool option ${option}: ${shownValue}. ${fix}`,
    {
      option,
    },
  );
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    value === null ||
    value === undefined
  ) {
    return String(value);
  }
  return typeof value === 'object'
    ? `an object (${value.constructor?.name ?? 'no prototype'})`
    : typeof value;
}
