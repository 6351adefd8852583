import {
  describeValue,
  readBoolean,
  readInteger,
  readString,
  type Issues,
  type PlainObject,
} from '../../config/config-readers';
import type { OutputCommonConfig } from '../../config/output-config';
import { readSecretRef, type SecretRef } from '../../config/secret-source';
import { describeInvalidIndexName, describeInvalidIndexPrefix } from './index-names';

export const DEFAULT_INDEX_PREFIX = 'talaria-findings';
export const DEFAULT_TEMPLATE_PRIORITY = 200;

export interface ElasticsearchOutputConfig extends OutputCommonConfig {
  type: 'elasticsearch';
  /** http:// or https:// address of a node, without credentials. */
  url: string;
  /** Prefix of the daily indices; set unless `dataStream` is. */
  index?: string;
  /** Data stream to write to instead of daily indices. */
  dataStream?: string;
  apiKey?: SecretRef;
  username?: string;
  password?: SecretRef;
  /** PEM file of the CA that signed the cluster's certificate. */
  caFile?: string;
  installTemplate: boolean;
  templateName: string;
  templatePriority: number;
  timeoutMs?: number;
  maxBulkBytes?: number;
}

/** Keys of an `elasticsearch` output beyond the common ones. */
export const ELASTICSEARCH_SETTING_KEYS = [
  'url',
  'index',
  'dataStream',
  'apiKey',
  'username',
  'password',
  'caFile',
  'installTemplate',
  'templateName',
  'templatePriority',
  'timeoutMs',
  'maxBulkBytes',
] as const;

type ElasticsearchSettings = Omit<ElasticsearchOutputConfig, 'name' | 'route' | 'delivery'>;

/** Reads the keys of an `elasticsearch` output, recording every problem in `issues`. */
export function readElasticsearchSettings(
  raw: PlainObject,
  path: string,
  issues: Issues,
): ElasticsearchSettings {
  const target = readTarget(raw, path, issues);
  const apiKey = readOptionalSecret(raw, 'apiKey', path, issues);
  const username = readString(raw, 'username', path, issues, false);
  const password = readOptionalSecret(raw, 'password', path, issues);
  checkCredentials(apiKey, username, password, path, issues);

  const templateName = readString(raw, 'templateName', path, issues, false);
  if (templateName !== undefined) {
    const problem = describeInvalidIndexName(templateName);
    if (problem !== undefined) {
      issues.push(`${path}.templateName: ${describeValue(templateName)} is not valid; ${problem}`);
    }
  }

  return {
    type: 'elasticsearch',
    url: readElasticsearchUrl(raw, path, issues),
    ...target,
    apiKey,
    username,
    password,
    caFile: readString(raw, 'caFile', path, issues, false),
    installTemplate: readBoolean(raw, 'installTemplate', path, issues) ?? true,
    templateName: templateName ?? target.dataStream ?? target.index ?? DEFAULT_INDEX_PREFIX,
    templatePriority:
      readInteger(raw, 'templatePriority', path, issues, {
        min: 0,
        max: 1_000_000,
        unit: 'template priority',
      }) ?? DEFAULT_TEMPLATE_PRIORITY,
    timeoutMs: readInteger(raw, 'timeoutMs', path, issues, {
      min: 1,
      max: 600_000,
      unit: 'milliseconds',
    }),
    maxBulkBytes: readInteger(raw, 'maxBulkBytes', path, issues, {
      min: 1024,
      max: 100 * 1024 * 1024,
      unit: 'bytes',
    }),
  };
}

/** Daily indices under `index` (the default) or one data stream, never both. */
function readTarget(
  raw: PlainObject,
  path: string,
  issues: Issues,
): { index?: string; dataStream?: string } {
  const index = readString(raw, 'index', path, issues, false);
  const dataStream = readString(raw, 'dataStream', path, issues, false);
  if (index !== undefined && dataStream !== undefined) {
    issues.push(
      `${path}: both index and dataStream are set; set index for daily indices or dataStream for a data stream`,
    );
    return {};
  }

  if (dataStream !== undefined) {
    const problem = describeInvalidIndexName(dataStream);
    if (problem !== undefined) {
      issues.push(`${path}.dataStream: ${describeValue(dataStream)} is not valid; ${problem}`);
    }
    return { dataStream };
  }

  const prefix = index ?? DEFAULT_INDEX_PREFIX;
  const problem = describeInvalidIndexPrefix(prefix);
  if (problem !== undefined) {
    issues.push(`${path}.index: ${describeValue(prefix)} is not valid; ${problem}`);
  }
  return { index: prefix };
}

function readElasticsearchUrl(raw: PlainObject, path: string, issues: Issues): string {
  const text = readString(raw, 'url', path, issues, true);
  if (text === undefined) return '';

  let url: URL;
  try {
    url = new URL(text);
  } catch {
    issues.push(
      `${path}.url: ${describeValue(text)} is not a URL; set the http(s) address of a node`,
    );
    return '';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    issues.push(
      `${path}.url: ${describeValue(text)} is not an http(s) URL; set the http(s) address of a node`,
    );
    return '';
  }
  if (url.username !== '' || url.password !== '') {
    // The value is not echoed because it contains a credential.
    issues.push(
      `${path}.url: contains a user name or password; remove it and set apiKey, or username and password, as { env: NAME } or { file: PATH }`,
    );
    return '';
  }
  return text;
}

function readOptionalSecret(
  raw: PlainObject,
  key: string,
  path: string,
  issues: Issues,
): SecretRef | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  return readSecretRef(value, `${path}.${key}`, issues);
}

function checkCredentials(
  apiKey: SecretRef | undefined,
  username: string | undefined,
  password: SecretRef | undefined,
  path: string,
  issues: Issues,
): void {
  if (apiKey !== undefined && (username !== undefined || password !== undefined)) {
    issues.push(`${path}: apiKey and username/password are both set; keep one way to authenticate`);
  }
  if ((username === undefined) !== (password === undefined)) {
    issues.push(`${path}: username and password go together; set both or neither`);
  }
}
