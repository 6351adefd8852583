import {
  describeValue,
  isPlainObject,
  readBoolean,
  readInteger,
  readString,
  type Issues,
  type PlainObject,
} from '../../config/config-readers';
import type { OutputCommonConfig } from '../../config/output-config';
import { readSecretRef, type SecretRef } from '../../config/secret-source';

export interface BusOutputConfig extends OutputCommonConfig {
  type: 'bus';
  /** amqp:// or amqps:// URL: literal text without a password, or a secret reference. */
  url: string | SecretRef;
  exchange?: string;
  queue?: string;
  bindingKey?: string;
  mandatory: boolean;
  publishTimeoutMs?: number;
  reconnectSeconds?: number;
}

/** Keys of a `bus` output beyond the common ones. */
export const BUS_SETTING_KEYS = [
  'url',
  'exchange',
  'queue',
  'bindingKey',
  'mandatory',
  'publishTimeoutMs',
  'reconnectSeconds',
] as const;

/** Exchange and queue names: AMQP allows letters, digits, `-`, `_`, `.` and `:`, up to 255 bytes. */
const AMQP_NAME = /^[A-Za-z0-9_.:-]{1,255}$/;
/** Binding keys: dot-separated words of the same characters, or the `*` and `#` wildcards. */
const BINDING_KEY = /^([A-Za-z0-9_:-]+|\*|#)(\.([A-Za-z0-9_:-]+|\*|#))*$/;

type BusSettings = Omit<BusOutputConfig, 'name' | 'route' | 'delivery'>;

/** Reads the keys of a `bus` output, recording every problem in `issues`. */
export function readBusSettings(raw: PlainObject, path: string, issues: Issues): BusSettings {
  const exchange = readAmqpName(raw, 'exchange', path, issues);
  const queue = readAmqpName(raw, 'queue', path, issues);
  const bindingKey = readString(raw, 'bindingKey', path, issues, false);
  if (bindingKey !== undefined) {
    if (exchange === undefined || queue === undefined) {
      issues.push(
        `${path}.bindingKey: binds queue to exchange, so it needs both; set them or remove bindingKey`,
      );
    } else if (!BINDING_KEY.test(bindingKey) || bindingKey.length > 255) {
      issues.push(
        `${path}.bindingKey: ${describeValue(bindingKey)} is not valid; write dot-separated words, * or #, such as prod-eu-1.critical.*`,
      );
    }
  }

  return {
    type: 'bus',
    url: readBusUrl(raw, path, issues),
    exchange,
    queue,
    bindingKey,
    mandatory: readBoolean(raw, 'mandatory', path, issues) ?? true,
    publishTimeoutMs: readInteger(raw, 'publishTimeoutMs', path, issues, {
      min: 100,
      max: 600_000,
      unit: 'milliseconds',
    }),
    reconnectSeconds: readInteger(raw, 'reconnectSeconds', path, issues, {
      min: 1,
      max: 300,
      unit: 'seconds',
    }),
  };
}

/**
 * Returns why `text` is not a usable broker URL, or undefined when it is.
 * The message never contains the URL, because it may hold a password.
 */
export function describeInvalidBusUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'is not a URL; set an amqp:// or amqps:// address';
  }
  if (url.protocol !== 'amqp:' && url.protocol !== 'amqps:') {
    return `uses ${url.protocol} instead of amqp: or amqps:; set an amqp:// or amqps:// address`;
  }
  return undefined;
}

function readBusUrl(raw: PlainObject, path: string, issues: Issues): string | SecretRef {
  const value = raw.url;
  if (isPlainObject(value)) return readSecretRef(value, `${path}.url`, issues) ?? '';

  const text = readString(raw, 'url', path, issues, true);
  if (text === undefined) return '';
  const problem = describeInvalidBusUrl(text);
  if (problem !== undefined) {
    issues.push(`${path}.url: ${problem}`);
    return '';
  }
  if (new URL(text).password !== '') {
    issues.push(
      `${path}.url: contains a password; keep the whole URL in a secret and write url: { env: NAME } or { file: PATH }`,
    );
    return '';
  }
  return text;
}

function readAmqpName(
  raw: PlainObject,
  key: string,
  path: string,
  issues: Issues,
): string | undefined {
  const text = readString(raw, key, path, issues, false);
  if (text === undefined) return undefined;
  if (!AMQP_NAME.test(text)) {
    issues.push(
      `${path}.${key}: ${describeValue(text)} is not valid; use letters, digits, -, _, . or :`,
    );
    return undefined;
  }
  if (text.startsWith('amq.')) {
    issues.push(
      `${path}.${key}: ${describeValue(text)} is not valid; names starting with amq. are reserved by the broker`,
    );
    return undefined;
  }
  return text;
}
