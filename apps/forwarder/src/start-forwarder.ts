import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { getHeapStatistics } from 'node:v8';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLogger, type Logger } from '@talaria/telemetry';
import type { ForwarderConfig } from './config';
import { ForwarderModule } from './forwarder.module';
import { ForwarderRuntime } from './forwarder-runtime';
import { createForwarderHttpServer } from './http/forwarder-http-server';
import { IngestHandler } from './ingest/ingest-handler';

export interface RunningForwarder {
  runtime: ForwarderRuntime;
  /** Base URL, for example `http://127.0.0.1:2801`. */
  url: string;
  port: number;
  /** Set when no credential was configured and the forwarder generated one for this run. */
  generatedToken?: string;
  /** Stops accepting, drains within the grace period and closes the spool. Safe to call twice. */
  stop(): Promise<{ leftInSpool: number }>;
}

export interface StartOptions {
  logger?: Logger;
}

/** Starts the forwarder: the runtime, then the HTTP server; NestJS on Fastify serves all but ingest. */
export async function startForwarder(
  config: ForwarderConfig,
  options: StartOptions = {},
): Promise<RunningForwarder> {
  const logger =
    options.logger ?? createLogger({ level: config.log.level, name: 'talaria-forwarder' });
  const runtime = await ForwarderRuntime.create(config, logger);

  const ingest = new IngestHandler({
    intake: runtime.intake,
    credentials: runtime.credentials,
    metrics: runtime.ingestMetrics,
    logger,
    maxBodyBytes: config.ingest.maxBodyBytes,
    maxBatchAlerts: config.ingest.maxBatchAlerts,
  });
  const adapter = new FastifyAdapter({
    logger: false,
    serverFactory: (frameworkListener: Parameters<typeof createForwarderHttpServer>[2]) =>
      createForwarderHttpServer(config, ingest, frameworkListener),
  } as ConstructorParameters<typeof FastifyAdapter>[0]);
  // Nest's body parsers are off: the routes it serves take no bodies.
  const app = await NestFactory.create<NestFastifyApplication>(
    ForwarderModule.forRuntime(runtime),
    adapter,
    {
      logger: false,
      bodyParser: false,
    },
  );

  await app.listen(config.listen.port, config.listen.host);
  runtime.start();

  const address = app.getHttpServer().address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const displayHost = host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host;
  const url = `${config.tls ? 'https' : 'http'}://${displayHost}:${address.port}`;
  logger.info(
    {
      url,
      cluster: config.cluster,
      region: config.region,
      outputs: runtime.delivery.outputNames,
      // Node derives it from the container's memory limit or --max-old-space-size; peak memory depends on it.
      heapLimitBytes: getHeapStatistics().heap_size_limit,
    },
    'forwarder listening',
  );

  let stopping: Promise<{ leftInSpool: number }> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      logger.info('stopping: no new requests are accepted');
      runtime.beginDraining();
      ingest.beginClosing();
      await app.close();
      return runtime.drain();
    })();
    return stopping;
  };

  return {
    runtime,
    url,
    port: address.port,
    generatedToken: runtime.credentials.generatedToken,
    stop,
  };
}
