export * from './output';
export * from './routing';

export * from './delivery/delivery-error';
export * from './delivery/retry-policy';
export * from './delivery/circuit-breaker';
export * from './delivery/dead-letter';
export * from './delivery/delivery-options';
export * from './delivery/delivery-metrics';
export * from './delivery/output-channel';
export * from './delivery/delivery-engine';
export * from './redelivery/dead-letter-reader';
export * from './redelivery/redeliver';
export * from './redelivery/redelivery-dead-letter';

export * from './adapters/ndjson';
export * from './adapters/file-output';
export * from './adapters/stdout-output';
export * from './adapters/webhook/webhook-output';
export * from './adapters/webhook/webhook-request';
export * from './adapters/webhook/webhook-response';
export * from './adapters/webhook/webhook-signature';
export * from './adapters/webhook/retry-after';
export * from './adapters/slack/mrkdwn';
export * from './adapters/slack/build-slack-message';
export * from './adapters/slack/slack-channel-routing';
export * from './adapters/slack/slack-output';
export * from './adapters/slack/slack-output-config';
export * from './adapters/splunk/hec-event';
export * from './adapters/splunk/hec-response';
export * from './adapters/splunk/splunk-hec-output';
export * from './adapters/splunk/splunk-hec-output-config';
export * from './adapters/elasticsearch/elasticsearch-output';
export * from './adapters/elasticsearch/elasticsearch-output-config';
export { FINDING_MAPPINGS, buildIndexTemplate } from './adapters/elasticsearch/index-template';
export { dailyIndexName } from './adapters/elasticsearch/index-names';
export { formatFindingDocument } from './adapters/elasticsearch/finding-document';
export type { IndexTarget } from './adapters/elasticsearch/bulk-request';
export * from './adapters/lambda/lambda-output';
export * from './adapters/lambda/lambda-output-config';
export { fitFinding, truncationMarker, type SentFinding } from './adapters/lambda/cut-finding';
export type { LambdaPayloadMode } from './adapters/lambda/lambda-payload';
export * from './adapters/bus/bus-output';
export * from './adapters/bus/bus-output-config';
export { buildRoutingKey, UNKNOWN_TEAM } from './adapters/bus/routing-key';
export { FINDING_EVENT_PATTERN, buildFindingRecord } from './adapters/bus/finding-message';
export type {
  FindingsRmqClient,
  FindingsRmqClientOptions,
} from './adapters/bus/findings-rmq-client';

export * from './text/escape-control-characters';

export * from './config/output-config';
export * from './config/output-config-error';
export * from './config/secret-source';
export * from './config/parse-output-config';
export * from './config/parse-dead-letter-config';
export * from './config/create-output-adapter';
export * from './config/create-delivery-engine';
