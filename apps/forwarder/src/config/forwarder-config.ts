import type { Priority } from '@talaria/falco-event';
import type { EnrichmentConfig } from './enrichment-config';

/** A secret given inline (discouraged), by environment variable, or by file path. */
export type SecretSource = string | { env: string } | { file: string };

/** A credential for ingest; alerts sent with it are stamped with its cluster and region. */
export interface IngestTokenConfig {
  name: string;
  token: SecretSource;
  cluster?: string;
  region?: string;
}

export interface ForwarderConfig {
  /** Stamped on every alert unless the sender's credential names another cluster. */
  cluster: string;
  region: string;
  listen: { host: string; port: number };
  tls?: {
    certFile: string;
    keyFile: string;
    /** CA that signs Falco's client certificates; enables mutual TLS. */
    clientCaFile?: string;
    /** Maps a client certificate's common name to the cluster it sends for. */
    clientCertClusters?: Record<string, { cluster: string; region?: string }>;
  };
  auth: {
    tokens: IngestTokenConfig[];
    /** Bearer token for /metrics; ingest tokens are accepted there too. */
    metricsToken?: SecretSource;
  };
  ingest: {
    /** Largest request body after gzip decoding. */
    maxBodyBytes: number;
    /** Maximum number of alerts in one JSON array or NDJSON request. */
    maxBatchAlerts: number;
  };
  spool: {
    directory: string;
    maxBytes: number;
    segmentBytes: number;
    maxMemoryEntries: number;
    fsync: 'always' | 'interval' | 'never';
    writeMode: 'adaptive' | 'async';
  };
  /** Alerts below this priority are suppressed by the `min_priority` filter. */
  minPriority: Priority;
  /** Output definitions, validated by the notifiers library. */
  outputs: Array<Record<string, unknown>>;
  /** Filter files, merged in order (see libs/noise-filter/README.md). */
  filters: string[];
  /** Dry run, suppressed-events file, coalescing store and per-output settings, validated by the noise-filter library. */
  noise: Record<string, unknown>;
  deadLetter: { path: string; maxBytes: number };
  shutdown: { graceSeconds: number };
  log: { level: string };
  /** Ownership API that the enrich stage queries; without it, findings carry no owner. */
  enrichment?: EnrichmentConfig;
}

export const DEFAULT_PORT = 2801;

/** Embedded defaults: enough to run on a laptop with no file at all. */
export function defaultConfig(): ForwarderConfig {
  return {
    cluster: 'default',
    region: 'unknown',
    listen: { host: '0.0.0.0', port: DEFAULT_PORT },
    auth: { tokens: [] },
    ingest: { maxBodyBytes: 4 * 1024 * 1024, maxBatchAlerts: 10_000 },
    spool: {
      directory: 'var/spool',
      maxBytes: 1024 * 1024 * 1024,
      segmentBytes: 64 * 1024 * 1024,
      maxMemoryEntries: 1_000,
      fsync: 'interval',
      writeMode: 'adaptive',
    },
    minPriority: 'Debug',
    outputs: [],
    filters: [],
    noise: {},
    deadLetter: { path: 'var/dead-letter.ndjson', maxBytes: 256 * 1024 * 1024 },
    shutdown: { graceSeconds: 20 },
    log: { level: 'info' },
  };
}
