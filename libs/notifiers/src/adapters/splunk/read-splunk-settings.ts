import {
  describeValue,
  readBoolean,
  readInteger,
  readString,
  type Issues,
  type PlainObject,
} from '../../config/config-readers';
import { readHttpUrl } from '../../config/read-http-url';
import { readSecretRef } from '../../config/secret-source';
import {
  DEFAULT_HEC_ACK_POLL_INTERVAL_MS,
  DEFAULT_HEC_ACK_TIMEOUT_MS,
  DEFAULT_HEC_SOURCE,
  DEFAULT_HEC_SOURCETYPE,
} from './splunk-hec-output';
import type { SplunkHecOutputConfig } from './splunk-hec-output-config';

/** Keys a `splunk` output adds to the common ones. */
export const SPLUNK_SETTING_KEYS = [
  'url',
  'token',
  'index',
  'source',
  'sourcetype',
  'host',
  'gzip',
  'ack',
  'channel',
  'ackPollIntervalMs',
  'ackTimeoutMs',
  'timeoutMs',
  'maxSockets',
] as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Splunk index names: lower-case letters, digits, `_` and `-`, not starting
 * with `_` or `-` (internal indexes such as `_internal` are left out on purpose).
 */
const INDEX_NAME = /^[a-z0-9][a-z0-9_-]{0,79}$/;

type SplunkSettings = Omit<SplunkHecOutputConfig, 'name' | 'route' | 'delivery'>;

/** Reads the keys of a `splunk` output, recording every problem in `issues`. */
export function readSplunkSettings(raw: PlainObject, path: string, issues: Issues): SplunkSettings {
  const token =
    raw.token === undefined || raw.token === null
      ? missing(
          `${path}.token`,
          'give the HEC token as { env: NAME } or { file: PATH }, never inline',
          issues,
        )
      : readSecretRef(raw.token, `${path}.token`, issues);
  const milliseconds = (key: string, min: number, max: number): number | undefined =>
    readInteger(raw, key, path, issues, { min, max, unit: 'milliseconds' });

  const settings: SplunkSettings = {
    type: 'splunk',
    url: readHttpUrl(raw, 'url', path, issues, true) ?? '',
    token: token ?? { env: '' },
    index: readIndex(raw, path, issues),
    source: readString(raw, 'source', path, issues, false) ?? DEFAULT_HEC_SOURCE,
    sourcetype: readString(raw, 'sourcetype', path, issues, false) ?? DEFAULT_HEC_SOURCETYPE,
    host: readString(raw, 'host', path, issues, false),
    gzip: readBoolean(raw, 'gzip', path, issues) ?? false,
    ack: readBoolean(raw, 'ack', path, issues) ?? false,
    channel: readChannel(raw, path, issues),
    ackPollIntervalMs: milliseconds('ackPollIntervalMs', 10, 600_000),
    ackTimeoutMs: milliseconds('ackTimeoutMs', 10, 3_600_000),
    timeoutMs: milliseconds('timeoutMs', 1, 600_000),
    maxSockets: readInteger(raw, 'maxSockets', path, issues, {
      min: 1,
      max: 1024,
      unit: 'connections',
    }),
  };

  const pollIntervalMs = settings.ackPollIntervalMs ?? DEFAULT_HEC_ACK_POLL_INTERVAL_MS;
  const timeoutMs = settings.ackTimeoutMs ?? DEFAULT_HEC_ACK_TIMEOUT_MS;
  if (timeoutMs < pollIntervalMs) {
    issues.push(
      `${path}.ackTimeoutMs (${timeoutMs}) must not be below ackPollIntervalMs (${pollIntervalMs}); raise ackTimeoutMs`,
    );
  }
  return settings;
}

function missing(path: string, fix: string, issues: Issues): undefined {
  issues.push(`${path}: missing; ${fix}`);
  return undefined;
}

function readIndex(raw: PlainObject, path: string, issues: Issues): string | undefined {
  const index = readString(raw, 'index', path, issues, false);
  if (index === undefined || INDEX_NAME.test(index)) return index;

  issues.push(
    `${path}.index: ${describeValue(index)} is not a Splunk index name; use lower-case letters, digits, _ and -`,
  );
  return undefined;
}

function readChannel(raw: PlainObject, path: string, issues: Issues): string | undefined {
  const channel = readString(raw, 'channel', path, issues, false);
  if (channel === undefined || GUID.test(channel)) return channel;

  issues.push(
    `${path}.channel: ${describeValue(channel)} is not a GUID; set one such as 0b8c2f4e-9d1a-4c7b-8e3f-5a6d7c8b9e0f, or leave it unset`,
  );
  return undefined;
}
