import type { ForwarderConfig } from '../../src';

/**
 * Adds a webhook output named `hook` at `url` to a test forwarder, with noise
 * control off for it and for the file output, so each alert reaches both
 * outputs as itself.
 */
export function addWebhook(
  config: ForwarderConfig,
  url: string,
  settings: Record<string, unknown> = {},
): void {
  config.outputs.push({ name: 'hook', type: 'webhook', url, minPriority: 'Debug', ...settings });
  config.noise = { outputs: { hook: { mode: 'off' }, file: { mode: 'off' } } };
}
