import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { createLogger, type Logger } from '@talaria/telemetry';
import { generateToken } from './auth/token-secret';
import { TokenService } from './auth/token.service';
import { IN_MEMORY, type OwnershipApiConfig } from './config/ownership-config';
import type { Database } from './database/database';
import { migrate } from './database/migrate';
import { openDatabase } from './database/open-database';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { createValidationPipe } from './http/validation-pipe';
import { OwnershipApiModule } from './ownership-api.module';

/** Largest request body: a folder of catalog files or a large scanner report. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

export interface RunningOwnershipApi {
  /** Base URL, for example `http://127.0.0.1:2802`. */
  url: string;
  port: number;
  database: Database;
  /** Set when no admin token was configured and one was generated for this run. */
  generatedAdminToken?: string;
  /** Closes the HTTP server, then the database. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartOwnershipApiOptions {
  logger?: Logger;
  /** Database to use instead of opening one from the configuration; it is migrated but not closed by stop. */
  database?: Database;
}

/** Opens and migrates the database, then serves the API on Fastify behind NestJS. */
export async function startOwnershipApi(
  config: OwnershipApiConfig,
  options: StartOwnershipApiOptions = {},
): Promise<RunningOwnershipApi> {
  const logger =
    options.logger ?? createLogger({ level: config.log.level, name: 'talaria-ownership-api' });
  const database = options.database ?? (await openConfiguredDatabase(config));
  await migrate(database, logger);

  const openapi: { current?: object } = {};
  const adapter = new FastifyAdapter({ logger: false, bodyLimit: MAX_BODY_BYTES });
  const app = await NestFactory.create<NestFastifyApplication>(
    OwnershipApiModule.forDatabase(database, openapi),
    adapter,
    {
      logger: false,
    },
  );
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter(logger));
  openapi.current = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Talaria ownership API')
      .setDescription('Who owns a workload, and how to reach them')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );

  const generatedAdminToken = config.adminToken === undefined ? generateToken() : undefined;
  await app.get(TokenService).installAdminToken(config.adminToken ?? generatedAdminToken!);

  await app.listen(config.listen.port, config.listen.host);
  const address = app.getHttpServer().address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const displayHost = host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host;
  const url = `http://${displayHost}:${address.port}`;
  logger.info({ url, database: database.kind }, 'ownership API listening');

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await app.close();
      if (options.database === undefined) await database.close();
      logger.info('ownership API stopped');
    })();
    return stopping;
  };
  return { url, port: address.port, database, generatedAdminToken, stop };
}

function openConfiguredDatabase(config: OwnershipApiConfig): Promise<Database> {
  const { url, dataDirectory, schema } = config.database;
  if (url !== undefined) return openDatabase({ url, schema });
  return openDatabase({
    dataDirectory: dataDirectory === IN_MEMORY ? undefined : dataDirectory,
    schema,
  });
}
