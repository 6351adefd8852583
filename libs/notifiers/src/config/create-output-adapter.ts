import type { Logger } from '@talaria/telemetry';

import { createBusOutput } from '../adapters/bus/create-bus-output';
import { createElasticsearchOutput } from '../adapters/elasticsearch/create-elasticsearch-output';
import { FileOutput } from '../adapters/file-output';
import { createLambdaOutput } from '../adapters/lambda/create-lambda-output';
import { createSlackOutput } from '../adapters/slack/create-slack-output';
import { createSplunkHecOutput } from '../adapters/splunk/create-splunk-hec-output';
import { StdoutOutput } from '../adapters/stdout-output';
import { WebhookOutput } from '../adapters/webhook/webhook-output';
import type { OutputAdapter } from '../output';
import type { HeaderValue, OutputConfig, WebhookOutputConfig } from './output-config';
import { resolveSecret, type SecretSources } from './secret-source';

export interface AdapterDependencies {
  /** Stream for `stdout` outputs; process.stdout by default. */
  stdout?: NodeJS.WritableStream;
  /** Sources of `{ env }` and `{ file }` secrets: the process environment and disk by default. */
  secrets?: SecretSources;
  /** Logger for adapters that log on their own, such as the Slack client's messages. */
  logger?: Logger;
}

/**
 * Creates the adapter for a validated output configuration, reading its
 * secrets now. Throws OutputConfigError naming the output and key when a
 * secret is missing; the error never contains a secret value.
 */
export function createOutputAdapter(
  config: OutputConfig,
  dependencies: AdapterDependencies = {},
): OutputAdapter {
  switch (config.type) {
    case 'file':
      return new FileOutput({
        name: config.name,
        path: config.path,
        maxBytes: config.maxBytes,
        maxFiles: config.maxFiles,
        maxBatchSize: config.delivery.batchSize,
        logger: dependencies.logger,
      });
    case 'stdout':
      return new StdoutOutput({
        name: config.name,
        format: config.format,
        stream: dependencies.stdout,
        maxBatchSize: config.delivery.batchSize,
      });
    case 'webhook':
      return createWebhookOutput(config, dependencies.secrets);
    case 'slack':
      return createSlackOutput(config, dependencies);
    case 'splunk':
      return createSplunkHecOutput(config, dependencies);
    case 'elasticsearch':
      return createElasticsearchOutput(config, dependencies.secrets);
    case 'lambda':
      return createLambdaOutput(config, dependencies.logger);
    case 'bus':
      return createBusOutput(config, dependencies);
  }
}

function createWebhookOutput(config: WebhookOutputConfig, secrets?: SecretSources): WebhookOutput {
  const where = `output "${config.name}"`;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(config.headers)) {
    headers[name] = resolveHeader(value, `${where} headers.${name}`, secrets);
  }

  return new WebhookOutput({
    name: config.name,
    url: config.url,
    method: config.method,
    headers,
    payload: config.payload,
    maxBatchSize: config.delivery.batchSize,
    timeoutMs: config.timeoutMs,
    signingSecret:
      config.signingSecret === undefined
        ? undefined
        : resolveSecret(config.signingSecret, `${where} signingSecret`, secrets),
    maxSockets: config.maxSockets,
  });
}

function resolveHeader(value: HeaderValue, where: string, secrets?: SecretSources): string {
  if (typeof value === 'string') return value;
  const resolved = resolveSecret(value, where, secrets);
  if (/[\r\n\0]/.test(resolved)) {
    // Node rejects such header values; saying so here names the source without echoing the secret.
    throw new RangeError(
      `${where}: the secret contains a line break or NUL byte; store it on one line`,
    );
  }
  return resolved;
}
