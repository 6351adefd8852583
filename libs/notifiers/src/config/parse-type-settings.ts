import {
  describeValue,
  isPlainObject,
  readChoice,
  readInteger,
  readObject,
  readString,
  type Issues,
  type PlainObject,
} from './config-readers';
import type {
  FileOutputConfig,
  HeaderValue,
  OutputConfig,
  OutputType,
  StdoutOutputConfig,
  WebhookOutputConfig,
} from './output-config';
import { readSecretRef } from './secret-source';
import { isReservedHeader } from '../adapters/webhook/webhook-request';
import { SLACK_SETTING_KEYS, readSlackSettings } from '../adapters/slack/read-slack-settings';
import { SPLUNK_SETTING_KEYS, readSplunkSettings } from '../adapters/splunk/read-splunk-settings';
import {
  ELASTICSEARCH_SETTING_KEYS,
  readElasticsearchSettings,
} from '../adapters/elasticsearch/elasticsearch-output-config';
import { LAMBDA_SETTING_KEYS, readLambdaSettings } from '../adapters/lambda/lambda-output-config';
import { BUS_SETTING_KEYS, readBusSettings } from '../adapters/bus/bus-output-config';

/** Keys each output type adds to the common ones. */
export const TYPE_KEYS = {
  file: ['path', 'maxBytes', 'maxFiles'],
  stdout: ['format'],
  webhook: ['url', 'method', 'headers', 'payload', 'timeoutMs', 'signingSecret', 'maxSockets'],
  slack: SLACK_SETTING_KEYS,
  splunk: SPLUNK_SETTING_KEYS,
  elasticsearch: ELASTICSEARCH_SETTING_KEYS,
  lambda: LAMBDA_SETTING_KEYS,
  bus: BUS_SETTING_KEYS,
} as const;

type FileSettings = Omit<FileOutputConfig, 'name' | 'route' | 'delivery'>;
type StdoutSettings = Omit<StdoutOutputConfig, 'name' | 'route' | 'delivery'>;
type WebhookSettings = Omit<WebhookOutputConfig, 'name' | 'route' | 'delivery'>;

/** The keys of one output type's configuration beyond the common ones. */
export type TypeSettings<T extends OutputConfig = OutputConfig> = T extends OutputConfig
  ? Omit<T, 'name' | 'route' | 'delivery'>
  : never;

export type TypeSettingsReader = (raw: PlainObject, path: string, issues: Issues) => TypeSettings;

/** Reads the type's own keys; each output type adds one entry. */
export const TYPE_SETTINGS_READERS: Record<OutputType, TypeSettingsReader> = {
  file: (raw, path, issues) => readFileSettings(raw, path, issues),
  stdout: (raw, path, issues) => readStdoutSettings(raw, path, issues),
  webhook: (raw, path, issues) => readWebhookSettings(raw, path, issues),
  slack: (raw, path, issues) => readSlackSettings(raw, path, issues),
  splunk: (raw, path, issues) => readSplunkSettings(raw, path, issues),
  elasticsearch: (raw, path, issues) => readElasticsearchSettings(raw, path, issues),
  lambda: (raw, path, issues) => readLambdaSettings(raw, path, issues),
  bus: (raw, path, issues) => readBusSettings(raw, path, issues),
};

export function readFileSettings(raw: PlainObject, path: string, issues: Issues): FileSettings {
  return {
    type: 'file',
    path: readString(raw, 'path', path, issues, true) ?? '',
    maxBytes: readInteger(raw, 'maxBytes', path, issues, { min: 1024, unit: 'bytes' }),
    maxFiles: readInteger(raw, 'maxFiles', path, issues, {
      min: 0,
      max: 1000,
      unit: 'rotated files kept',
    }),
  };
}

export function readStdoutSettings(raw: PlainObject, path: string, issues: Issues): StdoutSettings {
  return {
    type: 'stdout',
    format: readChoice(raw, 'format', ['json', 'text'], path, issues) ?? 'json',
  };
}

export function readWebhookSettings(
  raw: PlainObject,
  path: string,
  issues: Issues,
): WebhookSettings {
  const signingSecret =
    raw.signingSecret === undefined || raw.signingSecret === null
      ? undefined
      : readSecretRef(raw.signingSecret, `${path}.signingSecret`, issues);

  return {
    type: 'webhook',
    url: readWebhookUrl(raw, path, issues),
    method: readChoice(raw, 'method', ['POST', 'PUT'], path, issues) ?? 'POST',
    headers: readHeaders(raw.headers, `${path}.headers`, issues),
    payload: readChoice(raw, 'payload', ['finding', 'array'], path, issues) ?? 'finding',
    timeoutMs: readInteger(raw, 'timeoutMs', path, issues, {
      min: 1,
      max: 600_000,
      unit: 'milliseconds',
    }),
    signingSecret,
    maxSockets: readInteger(raw, 'maxSockets', path, issues, {
      min: 1,
      max: 1024,
      unit: 'connections',
    }),
  };
}

function readWebhookUrl(raw: PlainObject, path: string, issues: Issues): string {
  const text = readString(raw, 'url', path, issues, true);
  if (text === undefined) return '';

  let url: URL;
  try {
    url = new URL(text);
  } catch {
    issues.push(
      `${path}.url: ${describeValue(text)} is not a URL; set an http:// or https:// address`,
    );
    return '';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    issues.push(
      `${path}.url: ${describeValue(text)} is not an http(s) URL; set an http:// or https:// address`,
    );
    return '';
  }
  if (url.username !== '' || url.password !== '') {
    // The value is not echoed because it contains a credential.
    issues.push(
      `${path}.url: contains a user name or password; remove it and send credentials in headers with { env: NAME } or { file: PATH }`,
    );
    return '';
  }
  return text;
}

/** RFC 9110 token characters, the only ones allowed in a header name. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Header names whose values are credentials, so literal values are rejected. */
const SENSITIVE_HEADER = /auth|cookie|token|secret|password|api-?key|signature/i;

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000a-\u001f\u007f]/;

function readHeaders(raw: unknown, path: string, issues: Issues): Record<string, HeaderValue> {
  if (raw === undefined || raw === null) return {};
  const object = readObject(raw, path, issues);
  if (object === undefined) return {};

  const headers: Record<string, HeaderValue> = {};
  for (const [name, value] of Object.entries(object)) {
    const where = `${path}.${name}`;
    if (!HEADER_NAME.test(name)) {
      issues.push(
        `${path}: ${describeValue(name)} is not a valid header name; use letters, digits and -`,
      );
      continue;
    }
    if (isReservedHeader(name)) {
      issues.push(`${where}: is set by the webhook output itself; remove it`);
      continue;
    }

    if (typeof value === 'string') {
      if (SENSITIVE_HEADER.test(name)) {
        issues.push(
          `${where}: a literal value is not accepted for a credential header; write { env: NAME } or { file: PATH }`,
        );
      } else if (CONTROL_CHARACTERS.test(value)) {
        issues.push(
          `${where}: ${describeValue(value)} contains a line break or control character; remove it`,
        );
      } else {
        headers[name] = value;
      }
      continue;
    }
    if (!isPlainObject(value)) {
      issues.push(
        `${where}: ${describeValue(value)} is not valid; write text, { env: NAME } or { file: PATH }`,
      );
      continue;
    }
    const ref = readSecretRef(value, where, issues);
    if (ref !== undefined) headers[name] = ref;
  }
  return headers;
}
