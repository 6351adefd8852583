import type { Logger } from '@talaria/telemetry';

import { OutputConfigError } from '../../config/output-config-error';
import { resolveSecret, type SecretSources } from '../../config/secret-source';
import { SplunkHecOutput } from './splunk-hec-output';
import type { SplunkHecOutputConfig } from './splunk-hec-output-config';

/**
 * Creates a Splunk HEC output from its validated configuration, reading the
 * token now. Throws OutputConfigError naming the output when the token is
 * missing or spans several lines; the message never contains the token.
 */
export function createSplunkHecOutput(
  config: SplunkHecOutputConfig,
  dependencies: { secrets?: SecretSources; logger?: Logger } = {},
): SplunkHecOutput {
  const where = `output "${config.name}" token`;
  const token = resolveSecret(config.token, where, dependencies.secrets);
  if (/\s/.test(token)) {
    throw new OutputConfigError([
      `${where}: the token contains a space or line break; store only the token, on one line`,
    ]);
  }

  return new SplunkHecOutput({
    name: config.name,
    url: config.url,
    token,
    index: config.index,
    source: config.source,
    sourcetype: config.sourcetype,
    host: config.host,
    gzip: config.gzip,
    ack: config.ack,
    channel: config.channel,
    ackPollIntervalMs: config.ackPollIntervalMs,
    ackTimeoutMs: config.ackTimeoutMs,
    maxBatchSize: config.delivery.batchSize,
    timeoutMs: config.timeoutMs,
    maxSockets: config.maxSockets,
    logger: dependencies.logger,
  });
}
