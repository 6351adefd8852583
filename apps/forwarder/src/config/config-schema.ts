import { PRIORITIES, parsePriority } from '@talaria/falco-event';
import { ENRICHMENT_SCALAR_KEYS } from './enrichment-config';

/**
 * The shape of every scalar key the forwarder reads, used for validation and
 * to name environment overrides (`spool.maxBytes` ← `TALARIA_SPOOL__MAX_BYTES`).
 */
export type ScalarRule =
  | { kind: 'string'; nonEmpty?: boolean }
  | { kind: 'integer'; min: number; max: number; unit?: string }
  | { kind: 'bytes'; min: number }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'priority' };

export const SCALAR_KEYS: Record<string, ScalarRule> = {
  cluster: { kind: 'string', nonEmpty: true },
  region: { kind: 'string', nonEmpty: true },
  'listen.host': { kind: 'string', nonEmpty: true },
  'listen.port': { kind: 'integer', min: 0, max: 65535 },
  'tls.certFile': { kind: 'string', nonEmpty: true },
  'tls.keyFile': { kind: 'string', nonEmpty: true },
  'tls.clientCaFile': { kind: 'string', nonEmpty: true },
  'ingest.maxBodyBytes': { kind: 'bytes', min: 1024 },
  'ingest.maxBatchAlerts': { kind: 'integer', min: 1, max: 1_000_000 },
  'spool.directory': { kind: 'string', nonEmpty: true },
  'spool.maxBytes': { kind: 'bytes', min: 1024 * 1024 },
  'spool.segmentBytes': { kind: 'bytes', min: 64 * 1024 },
  'spool.maxMemoryEntries': { kind: 'integer', min: 1, max: 10_000_000 },
  'spool.fsync': { kind: 'enum', values: ['always', 'interval', 'never'] },
  'spool.writeMode': { kind: 'enum', values: ['adaptive', 'async'] },
  minPriority: { kind: 'priority' },
  'deadLetter.path': { kind: 'string', nonEmpty: true },
  'deadLetter.maxBytes': { kind: 'bytes', min: 1024 * 1024 },
  'shutdown.graceSeconds': { kind: 'integer', min: 0, max: 3600, unit: 'seconds' },
  'log.level': {
    kind: 'enum',
    values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
  },
  ...ENRICHMENT_SCALAR_KEYS,
};

/** Keys that hold structures checked by their own code, not scalars. */
export const STRUCTURED_KEYS = new Set([
  'auth',
  'outputs',
  'tls.clientCertClusters',
  'filters',
  'noise',
  'enrichment.token',
]);

const BYTE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1000,
  kib: 1024,
  mb: 1000 ** 2,
  mib: 1024 ** 2,
  gb: 1000 ** 3,
  gib: 1024 ** 3,
};

/** Checks one scalar and converts it to its typed value, or returns a problem sentence. */
export function coerceScalar(
  key: string,
  rule: ScalarRule,
  value: unknown,
): { value: unknown } | { problem: string } {
  const shown = JSON.stringify(value);

  switch (rule.kind) {
    case 'string':
      if (typeof value !== 'string' || (rule.nonEmpty && value.trim() === '')) {
        return { problem: `${key}: ${shown} is not a non-empty string` };
      }
      return { value };

    case 'integer': {
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof number !== 'number' || !Number.isInteger(number)) {
        return { problem: `${key}: ${shown} is not a whole number` };
      }
      if (number < rule.min || number > rule.max) {
        const unit = rule.unit ? ` ${rule.unit}` : '';
        return {
          problem: `${key}: ${number} is out of range; use ${rule.min} to ${rule.max}${unit}`,
        };
      }
      return { value: number };
    }

    case 'bytes': {
      const bytes = parseByteSize(value);
      if (bytes === undefined) {
        return {
          problem: `${key}: ${shown} is not a size; write bytes as a number or with a unit such as 64MiB`,
        };
      }
      if (bytes < rule.min)
        return { problem: `${key}: ${shown} is below the minimum of ${rule.min} bytes` };
      return { value: bytes };
    }

    case 'enum':
      if (typeof value !== 'string' || !rule.values.includes(value)) {
        return {
          problem: `${key}: ${shown} is not valid; expected one of ${rule.values.join(', ')}`,
        };
      }
      return { value };

    case 'priority': {
      const priority = typeof value === 'string' ? parsePriority(value) : undefined;
      if (!priority) {
        return {
          problem: `${key}: ${shown} is not a Falco priority; expected one of ${PRIORITIES.join(', ')}`,
        };
      }
      return { value: priority };
    }
  }
}

function parseByteSize(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;

  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(value);
  if (!match) return undefined;
  const multiplier = BYTE_UNITS[match[2].toLowerCase()];
  return multiplier === undefined ? undefined : Math.floor(Number(match[1]) * multiplier);
}

/** `spool.maxBytes` → `TALARIA_SPOOL__MAX_BYTES`. */
export function environmentName(key: string): string {
  const parts = key
    .split('.')
    .map((part) => part.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase());
  return `TALARIA_${parts.join('__')}`;
}
