import {
  describeValue,
  readBoolean,
  readChoice,
  readInteger,
  readString,
  type Issues,
  type PlainObject,
} from '../../config/config-readers';
import type { OutputCommonConfig } from '../../config/output-config';
import type { LambdaPayloadMode } from './lambda-payload';
import {
  MAX_ASYNC_PAYLOAD_LIMIT_BYTES,
  SYNC_PAYLOAD_LIMIT_BYTES,
  type LambdaInvocationType,
} from './lambda-output';

export interface LambdaOutputConfig extends OutputCommonConfig {
  type: 'lambda';
  functionName: string;
  qualifier?: string;
  invocationType: LambdaInvocationType;
  region?: string;
  endpoint?: string;
  payload: LambdaPayloadMode;
  maxPayloadBytes?: number;
  retryFunctionErrors: boolean;
  timeoutMs?: number;
}

/** Keys of a `lambda` output beyond the common ones. */
export const LAMBDA_SETTING_KEYS = [
  'functionName',
  'qualifier',
  'invocationType',
  'region',
  'endpoint',
  'payload',
  'maxPayloadBytes',
  'retryFunctionErrors',
  'timeoutMs',
] as const;

/** A name (`my-function`, `my-function:alias`), partial ARN or ARN, after Lambda's own pattern. */
const FUNCTION_NAME =
  /^(arn:aws[a-zA-Z-]*:lambda:[a-z]{2}(-[a-z]+)+-\d+:)?(\d{12}:)?(function:)?[a-zA-Z0-9_-]{1,64}(:(\$LATEST|[a-zA-Z0-9_-]{1,128}))?$/;
const QUALIFIER = /^(\$LATEST|[a-zA-Z0-9_-]{1,128})$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

type LambdaSettings = Omit<LambdaOutputConfig, 'name' | 'route' | 'delivery'>;

/** Reads the keys of a `lambda` output, recording every problem in `issues`. */
export function readLambdaSettings(raw: PlainObject, path: string, issues: Issues): LambdaSettings {
  const invocationType =
    readChoice(raw, 'invocationType', ['RequestResponse', 'Event'], path, issues) ??
    'RequestResponse';
  const maxPayload =
    invocationType === 'Event' ? MAX_ASYNC_PAYLOAD_LIMIT_BYTES : SYNC_PAYLOAD_LIMIT_BYTES;

  return {
    type: 'lambda',
    functionName:
      readMatching(
        raw,
        'functionName',
        FUNCTION_NAME,
        path,
        issues,
        true,
        'a function name, partial ARN or ARN',
      ) ?? '',
    qualifier: readMatching(
      raw,
      'qualifier',
      QUALIFIER,
      path,
      issues,
      false,
      'a version number, alias or $LATEST',
    ),
    invocationType,
    region: readMatching(
      raw,
      'region',
      REGION,
      path,
      issues,
      false,
      'an AWS region such as eu-west-1',
    ),
    endpoint: readEndpoint(raw, path, issues),
    payload: readChoice(raw, 'payload', ['finding', 'array'], path, issues) ?? 'finding',
    maxPayloadBytes: readInteger(raw, 'maxPayloadBytes', path, issues, {
      min: 1024,
      max: maxPayload,
      unit: `bytes; ${invocationType} invocations take at most ${maxPayload}`,
    }),
    retryFunctionErrors: readBoolean(raw, 'retryFunctionErrors', path, issues) ?? false,
    timeoutMs: readInteger(raw, 'timeoutMs', path, issues, {
      min: 1,
      max: 900_000,
      unit: 'milliseconds',
    }),
  };
}

function readMatching(
  raw: PlainObject,
  key: string,
  pattern: RegExp,
  path: string,
  issues: Issues,
  required: boolean,
  expected: string,
): string | undefined {
  const text = readString(raw, key, path, issues, required);
  if (text === undefined || pattern.test(text)) return text;
  issues.push(`${path}.${key}: ${describeValue(text)} is not valid; set ${expected}`);
  return undefined;
}

function readEndpoint(raw: PlainObject, path: string, issues: Issues): string | undefined {
  const text = readString(raw, 'endpoint', path, issues, false);
  if (text === undefined) return undefined;

  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    issues.push(
      `${path}.endpoint: ${describeValue(text)} is not an http(s) URL; set an endpoint URL or remove the key`,
    );
    return undefined;
  }
  if (url.username !== '' || url.password !== '') {
    issues.push(
      `${path}.endpoint: contains a user name or password; remove them, because AWS credentials come from the default chain`,
    );
    return undefined;
  }
  return text;
}
