import type { BusOutputConfig } from '../adapters/bus/bus-output-config';
import type { ElasticsearchOutputConfig } from '../adapters/elasticsearch/elasticsearch-output-config';
import type { LambdaOutputConfig } from '../adapters/lambda/lambda-output-config';
import type { SlackOutputConfig } from '../adapters/slack/slack-output-config';
import type { SplunkHecOutputConfig } from '../adapters/splunk/splunk-hec-output-config';
import type { StdoutFormat } from '../adapters/stdout-output';
import type { WebhookMethod } from '../adapters/webhook/webhook-output';
import type { WebhookPayloadMode } from '../adapters/webhook/webhook-request';
import type { DeliveryOverrides } from '../delivery/delivery-options';
import type { OutputRoute } from '../output';
import type { SecretRef } from './secret-source';

export const OUTPUT_TYPES = [
  'file',
  'stdout',
  'webhook',
  'slack',
  'splunk',
  'elasticsearch',
  'lambda',
  'bus',
] as const;
export type OutputType = (typeof OUTPUT_TYPES)[number];

/** Settings every output has, whatever its type. */
export interface OutputCommonConfig {
  /** Unique name used in metrics, logs and dead letters. */
  name: string;
  route: OutputRoute;
  /** Queue, batch, retry and circuit settings; unset fields take the engine defaults. */
  delivery: DeliveryOverrides;
}

export interface FileOutputConfig extends OutputCommonConfig {
  type: 'file';
  path: string;
  maxBytes?: number;
  maxFiles?: number;
}

export interface StdoutOutputConfig extends OutputCommonConfig {
  type: 'stdout';
  format: StdoutFormat;
}

/** A header value: literal text for ordinary headers, or a reference for secrets. */
export type HeaderValue = string | SecretRef;

export interface WebhookOutputConfig extends OutputCommonConfig {
  type: 'webhook';
  url: string;
  method: WebhookMethod;
  headers: Record<string, HeaderValue>;
  payload: WebhookPayloadMode;
  timeoutMs?: number;
  signingSecret?: SecretRef;
  maxSockets?: number;
}

export type OutputConfig =
  | FileOutputConfig
  | StdoutOutputConfig
  | WebhookOutputConfig
  | SlackOutputConfig
  | SplunkHecOutputConfig
  | ElasticsearchOutputConfig
  | LambdaOutputConfig
  | BusOutputConfig;
