import type * as ElasticsearchLibrary from '@elastic/elasticsearch';
import type * as LambdaLibrary from '@aws-sdk/client-lambda';
import type * as MicroservicesLibrary from '@nestjs/microservices';
import type * as SlackLibrary from '@slack/web-api';
import type * as FindingsRmqClientModule from './bus/findings-rmq-client';

/*
 * Importing these four client libraries adds about 20 MB of RSS to a running
 * forwarder, and about 37 MB with ioredis (measured on Node 20). Each is
 * required on first use, so a forwarder that writes only files or webhooks
 * does not load them. Later calls hit require's cache.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use, see above */

export function slackLibrary(): typeof SlackLibrary {
  return require('@slack/web-api') as typeof SlackLibrary;
}

export function elasticsearchLibrary(): typeof ElasticsearchLibrary {
  return require('@elastic/elasticsearch') as typeof ElasticsearchLibrary;
}

export function lambdaLibrary(): typeof LambdaLibrary {
  return require('@aws-sdk/client-lambda') as typeof LambdaLibrary;
}

export function microservicesLibrary(): typeof MicroservicesLibrary {
  return require('@nestjs/microservices') as typeof MicroservicesLibrary;
}

/** Returns the bus output's RabbitMQ client class. Loading it loads @nestjs/microservices, because it subclasses ClientRMQ. */
export function findingsRmqClientClass(): typeof FindingsRmqClientModule.FindingsRmqClient {
  return (require('./bus/findings-rmq-client') as typeof FindingsRmqClientModule).FindingsRmqClient;
}
