import type { Logger } from '@talaria/telemetry';

import { OutputConfigError } from '../../config/output-config-error';
import { resolveSecret, type SecretSources } from '../../config/secret-source';
import { SlackOutput } from './slack-output';
import type { SlackOutputConfig } from './slack-output-config';

/**
 * Creates a Slack output from its validated configuration, reading the bot
 * token now. Throws OutputConfigError naming the output when the token is
 * missing or spans several lines; the message never contains the token.
 */
export function createSlackOutput(
  config: SlackOutputConfig,
  dependencies: { secrets?: SecretSources; logger?: Logger } = {},
): SlackOutput {
  const where = `output "${config.name}" token`;
  const token = resolveSecret(config.token, where, dependencies.secrets);
  if (/\s/.test(token)) {
    throw new OutputConfigError([
      `${where}: the token contains a space or line break; store only the token, on one line`,
    ]);
  }

  return new SlackOutput({
    name: config.name,
    token,
    channels: config.channels,
    apiUrl: config.apiUrl,
    kibanaUrl: config.kibanaUrl,
    timeoutMs: config.timeoutMs,
    threadCacheSize: config.threadCacheSize,
    logger: dependencies.logger,
  });
}
