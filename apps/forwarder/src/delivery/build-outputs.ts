import {
  createDeliveryEngine,
  FileDeadLetterSink,
  parseOutputConfig,
  type DeadLetterSink,
  type DeliveryEngine,
  type DeliveryEngineDependencies,
  type OutputConfig,
} from '@talaria/notifiers';
import type { Logger } from '@talaria/telemetry';
import type { Registry } from 'prom-client';
import { ConfigError, type ForwarderConfig } from '../config';

/** Parts the runtime shares with the engine. */
export interface DeliveryExtras {
  /** Dead letter to use; absent, one is opened at `deadLetter.path`. The engine closes it either way. */
  deadLetter?: DeadLetterSink;
  /** Wraps each output's channel, for storm coalescing. */
  decorateChannel?: DeliveryEngineDependencies['decorateChannel'];
}

/**
 * Checks every output's keys, then builds one delivery channel per output,
 * all sharing the dead-letter file. Problems in several outputs are reported
 * together, before anything starts.
 */
export async function buildDeliveryEngine(
  config: ForwarderConfig,
  logger: Logger,
  registry: Registry,
  extras: DeliveryExtras = {},
): Promise<DeliveryEngine> {
  const problems: string[] = [];
  const outputs: OutputConfig[] = [];

  config.outputs.forEach((raw, index) => {
    try {
      outputs.push(parseOutputConfig(raw, `outputs[${index}]`));
    } catch (error) {
      problems.push(...messagesOf(error));
    }
  });
  if (problems.length > 0) throw new ConfigError(problems);

  const deadLetter =
    extras.deadLetter ??
    new FileDeadLetterSink({
      path: config.deadLetter.path,
      maxBytes: config.deadLetter.maxBytes,
      logger,
    });
  try {
    return await createDeliveryEngine(outputs, {
      registry,
      logger,
      deadLetter,
      decorateChannel: extras.decorateChannel,
    });
  } catch (error) {
    await deadLetter.close();
    throw new ConfigError(messagesOf(error), { cause: error });
  }
}

function messagesOf(error: unknown): string[] {
  const issues = (error as { issues?: unknown }).issues;
  if (Array.isArray(issues) && issues.every((issue) => typeof issue === 'string')) return issues;
  return [(error as Error).message];
}
