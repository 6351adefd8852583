import type { DeadLetterSink } from '@talaria/notifiers';
import { redactUrl, type Logger } from '@talaria/telemetry';
import type Redis from 'ioredis';
import type { Registry } from 'prom-client';

import { CoalescingChannel } from '../coalescing/coalescing-channel';
import { defaultModeFor, type CoalescingSettings } from '../coalescing/coalescing-settings';
import { MemoryStormStore } from '../coalescing/memory-storm-store';
import { RedisStormStore } from '../coalescing/redis-storm-store';
import type { StormStore } from '../coalescing/storm-store';
import type { DeliveryChannel } from '../delivery-channel';
import {
  createSuppressedEventsFile,
  type SuppressedEventsOutput,
} from '../filtering/suppressed-events-output';
import type { NoiseConfig } from './noise-config';

/** Name and adapter type of an output, as the delivery engine stores them. */
export interface OutputIdentity {
  name: string;
  /** Adapter type such as `file`, `stdout`, `webhook` or `slack`. */
  type: string;
}

export interface NoiseControlDependencies {
  registry: Registry;
  logger: Logger;
  /** Dead letter of the suppressed-events output, normally the forwarder's shared one. */
  deadLetter: DeadLetterSink;
}

// Storms and buckets outlive their last change by this many windows in Redis, then expire.
const REDIS_TTL_WINDOWS = 3;
const REDIS_ERROR_LOG_INTERVAL_MS = 30_000;

/**
 * Builds the parts the `noise` configuration sets up: the coalescing wrapper
 * of each output, the storm store behind it and the suppressed-events output.
 * `decorateChannel` has the signature a delivery engine needs to wrap every
 * output's channel.
 */
export class NoiseControl {
  readonly suppressedOutput?: SuppressedEventsOutput;
  private readonly redis?: Redis;

  private constructor(
    readonly config: NoiseConfig,
    private readonly dependencies: NoiseControlDependencies,
  ) {
    const { registry, logger, deadLetter } = dependencies;

    if (config.suppressedOutput !== undefined) {
      this.suppressedOutput = createSuppressedEventsFile({
        ...config.suppressedOutput,
        deadLetter,
        registry,
        logger,
      });
    }

    if (config.store.type === 'redis') {
      this.redis = new (loadRedisClass())(config.store.url, {
        maxRetriesPerRequest: 1,
        connectTimeout: 5000,
      });
      const url = redactRedisUrl(config.store.url);
      let lastLogMs = Number.NEGATIVE_INFINITY;
      let notLogged = 0;
      this.redis.on('error', (error: Error) => {
        // ioredis reports every failed reconnect, so one line per interval carries the count.
        if (Date.now() - lastLogMs < REDIS_ERROR_LOG_INTERVAL_MS) {
          notLogged += 1;
          return;
        }
        logger.error(
          { err: error, url, suppressedSinceLastLog: notLogged },
          'Redis connection for coalescing failed; findings are sent without coalescing until it recovers',
        );
        lastLogMs = Date.now();
        notLogged = 0;
      });
    }
  }

  static create(config: NoiseConfig, dependencies: NoiseControlDependencies): NoiseControl {
    return new NoiseControl(config, dependencies);
  }

  /** Returns the settings of one output: its own keys, then the section defaults, then the type's default mode. */
  settingsFor(output: OutputIdentity): CoalescingSettings {
    const own = this.config.outputs[output.name] ?? {};
    return {
      mode: own.mode ?? defaultModeFor(output.type),
      windowMs: own.windowMs ?? this.config.coalescing.windowMs,
      fields: this.config.coalescing.fields,
      ruleKeyFields: this.config.coalescing.ruleKeyFields,
      rateLimit: own.rateLimit,
      ownerRateLimit: own.ownerRateLimit,
    };
  }

  /** Names under `noise.outputs` that match no output, so typos do not pass silently. */
  unknownOutputNames(outputNames: readonly string[]): string[] {
    return Object.keys(this.config.outputs).filter((name) => !outputNames.includes(name));
  }

  /** Wraps an output's channel in coalescing, or returns it unchanged when its mode is `off`. */
  readonly decorateChannel = (
    channel: DeliveryChannel,
    output: OutputIdentity,
  ): DeliveryChannel => {
    const settings = this.settingsFor(output);
    const identity = { output: output.name, outputType: output.type, mode: settings.mode };
    if (settings.mode === 'off') {
      this.dependencies.logger.info(identity, 'noise control for output');
      return channel;
    }

    this.dependencies.logger.info(
      { ...identity, windowMs: settings.windowMs, store: this.config.store.type },
      'noise control for output',
    );

    return new CoalescingChannel({
      inner: channel,
      settings,
      store: this.storeFor(output.name, settings.windowMs),
      registry: this.dependencies.registry,
      logger: this.dependencies.logger,
      deadLetter: this.dependencies.deadLetter,
    });
  };

  /** Closes the Redis connection, if any. Channels and the suppressed-events output are closed by their owners. */
  async close(): Promise<void> {
    if (this.redis === undefined) return;
    try {
      await this.redis.quit();
    } catch (error) {
      this.dependencies.logger.error(
        { err: error },
        'closing the Redis connection for coalescing failed',
      );
    }
  }

  private storeFor(outputName: string, windowMs: number): StormStore {
    if (this.config.store.type === 'memory' || this.redis === undefined) {
      return new MemoryStormStore(
        this.config.store.type === 'memory' ? this.config.store.maxStorms : undefined,
      );
    }
    return new RedisStormStore({
      client: this.redis,
      keyPrefix: `${this.config.store.keyPrefix}${outputName}:`,
      ttlMs: windowMs * REDIS_TTL_WINDOWS,
    });
  }
}

function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '[redacted]';
    return redactUrl(parsed.toString());
  } catch {
    return '[unparseable Redis URL]';
  }
}

/**
 * Loads ioredis on first use. It adds about 23 MB of RSS to a bare Node 20
 * process and about 3 MB to a forwarder, which shares some of its dependencies.
 */
function loadRedisClass(): typeof Redis {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  return (require('ioredis') as { default: typeof Redis }).default;
}
