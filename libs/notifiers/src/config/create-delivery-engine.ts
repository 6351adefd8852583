import type { Logger } from '@talaria/telemetry';
import type { Registry } from 'prom-client';

import type { DeadLetterSink } from '../delivery/dead-letter';
import { DeliveryEngine, type DeliveryChannel } from '../delivery/delivery-engine';
import { OutputChannel } from '../delivery/output-channel';
import type { OutputAdapter } from '../output';
import { createOutputAdapter, type AdapterDependencies } from './create-output-adapter';
import type { OutputConfig } from './output-config';

export interface DeliveryEngineDependencies extends AdapterDependencies {
  registry: Registry;
  logger: Logger;
  /** Shared by every output and closed with the engine. */
  deadLetter: DeadLetterSink;
  /** Wraps each output's channel, for example in storm coalescing; absent leaves channels as they are. */
  decorateChannel?: (
    channel: DeliveryChannel,
    output: { name: string; type: string },
  ) => DeliveryChannel;
}

/**
 * Builds adapters and channels for validated output configurations and wires
 * them into one engine. If any adapter cannot be created, those already
 * created are closed and the error is thrown.
 */
export async function createDeliveryEngine(
  configs: readonly OutputConfig[],
  dependencies: DeliveryEngineDependencies,
): Promise<DeliveryEngine> {
  const adapters: OutputAdapter[] = [];
  try {
    for (const config of configs) adapters.push(createOutputAdapter(config, dependencies));
  } catch (error) {
    await Promise.allSettled(adapters.map((adapter) => adapter.close?.()));
    throw error;
  }

  const outputs = configs.map((config, index) => {
    const channel = new OutputChannel({
      ...config.delivery,
      adapter: adapters[index],
      deadLetter: dependencies.deadLetter,
      registry: dependencies.registry,
      logger: dependencies.logger,
    });
    const identity = { name: adapters[index].name, type: adapters[index].type };
    return {
      route: config.route,
      channel: dependencies.decorateChannel?.(channel, identity) ?? channel,
    };
  });
  return new DeliveryEngine({
    outputs,
    deadLetter: dependencies.deadLetter,
    registry: dependencies.registry,
    logger: dependencies.logger,
  });
}
