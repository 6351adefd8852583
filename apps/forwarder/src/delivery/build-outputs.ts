import {
  DeadLetterSink,
  OutputChannel,
  createOutputAdapter,
  parseOutputConfig,
  type OutputChannelOptions,
} from '@talaria/notifiers';
import type { RoutedOutput } from '@talaria/pipeline';
import type { Logger } from '@talaria/telemetry';
import type { Registry } from 'prom-client';
import { ConfigError, type ForwarderConfig } from '../config';

/** The configured outputs, wired to one shared dead-letter file. */
export interface BuiltOutputs {
  routed: RoutedOutput[];
  deadLetter: DeadLetterSink;
  /** Flushes every channel until `deadline` (epoch ms). */
  drain(deadline: number): Promise<void>;
  close(): Promise<void>;
}

/** Builds one delivery channel per configured output; output keys are checked here, before start. */
export async function buildOutputs(config: ForwarderConfig, logger: Logger, registry: Registry): Promise<BuiltOutputs> {
  const problems: string[] = [];
  const parsed = config.outputs.flatMap((raw, index) => {
    try {
      return [parseOutputConfig(raw, `outputs[${index}]`)];
    } catch (error) {
      problems.push((error as Error).message);
      return [];
    }
  });
  if (problems.length > 0) throw new ConfigError(problems);

  const deadLetter = new DeadLetterSink({ path: config.deadLetter.path, maxBytes: config.deadLetter.maxBytes, logger, registry });
  const routed: RoutedOutput[] = [];
  for (const outputConfig of parsed) {
    const adapter = await createOutputAdapter(outputConfig, { logger });
    const options: OutputChannelOptions = { ...outputConfig.delivery, logger, registry, deadLetter };
    routed.push({ channel: new OutputChannel(adapter, options), route: outputConfig.route });
  }

  return {
    routed,
    deadLetter,
    async drain(deadline) {
      await Promise.all(routed.map(({ channel }) => channel.drain(Math.max(0, deadline - Date.now()))));
    },
    async close() {
      await Promise.all(routed.map(({ channel }) => channel.close()));
      await deadLetter.close();
    },
  };
}
