import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLogger, type Logger } from '@talaria/telemetry';
import type { ForwarderConfig } from './config';
import { ForwarderModule } from './forwarder.module';
import { ForwarderRuntime } from './forwarder-runtime';
import { registerIngestRoutes } from './ingest/ingest-routes';

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

/** Starts the forwarder: the runtime, then the HTTP server on Fastify behind NestJS. */
export async function startForwarder(
  config: ForwarderConfig,
  options: StartOptions = {},
): Promise<RunningForwarder> {
  const logger =
    options.logger ?? createLogger({ level: config.log.level, name: 'talaria-forwarder' });
  const runtime = await ForwarderRuntime.create(config, logger);

  const adapter = new FastifyAdapter({
    logger: false,
    bodyLimit: config.ingest.maxBodyBytes,
    keepAliveTimeout: 65_000,
    https: config.tls ? httpsOptions(config.tls) : undefined,
  } as ConstructorParameters<typeof FastifyAdapter>[0]);
  // Nest's own body parsers would replace the ingest parser, which needs the raw bytes.
  const app = await NestFactory.create<NestFastifyApplication>(
    ForwarderModule.forRuntime(runtime),
    adapter,
    {
      logger: false,
      bodyParser: false,
    },
  );

  registerIngestRoutes(app.getHttpAdapter().getInstance(), {
    intake: runtime.intake,
    credentials: runtime.credentials,
    metrics: runtime.ingestMetrics,
    logger,
    maxBodyBytes: config.ingest.maxBodyBytes,
    maxBatchAlerts: config.ingest.maxBatchAlerts,
  });

  await app.listen(config.listen.port, config.listen.host);
  runtime.start();

  const address = app.getHttpServer().address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const displayHost = host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host;
  const url = `${config.tls ? 'https' : 'http'}://${displayHost}:${address.port}`;
  logger.info(
    { url, cluster: config.cluster, region: config.region, outputs: runtime.delivery.outputNames },
    'forwarder listening',
  );

  let stopping: Promise<{ leftInSpool: number }> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      logger.info('stopping: no new requests are accepted');
      runtime.beginDraining();
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

function httpsOptions(tls: NonNullable<ForwarderConfig['tls']>) {
  return {
    cert: readFileSync(tls.certFile),
    key: readFileSync(tls.keyFile),
    ca: tls.clientCaFile ? readFileSync(tls.clientCaFile) : undefined,
    // Certificates are checked per route, so health probes without one still reach /healthz.
    requestCert: Boolean(tls.clientCaFile),
    rejectUnauthorized: false,
  };
}
