import { createLogger, type Logger } from '@talaria/telemetry';

import { OutputConfigError } from '../../config/output-config-error';
import { resolveSecret, type SecretSources } from '../../config/secret-source';
import { describeInvalidBusUrl, type BusOutputConfig } from './bus-output-config';
import { BusOutput } from './bus-output';

/**
 * Creates the adapter for a validated `bus` output, reading a URL secret
 * now. Throws OutputConfigError naming the output when the secret is
 * missing or not an amqp(s) URL; the message never contains the URL.
 */
export function createBusOutput(
  config: BusOutputConfig,
  dependencies: { secrets?: SecretSources; logger?: Logger } = {},
): BusOutput {
  const where = `output "${config.name}" url`;
  const url =
    typeof config.url === 'string'
      ? config.url
      : resolveSecret(config.url, where, dependencies.secrets);
  const problem = describeInvalidBusUrl(url);
  if (problem !== undefined) throw new OutputConfigError([`${where}: the secret ${problem}`]);

  return new BusOutput({
    name: config.name,
    url,
    exchange: config.exchange,
    queue: config.queue,
    bindingKey: config.bindingKey,
    mandatory: config.mandatory,
    publishTimeoutMs: config.publishTimeoutMs,
    reconnectSeconds: config.reconnectSeconds,
    maxBatchSize: config.delivery.batchSize,
    logger: dependencies.logger ?? createLogger({ name: 'talaria-notifiers' }),
  });
}
