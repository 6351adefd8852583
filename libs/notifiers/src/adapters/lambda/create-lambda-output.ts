import type { Logger } from '@talaria/telemetry';

import type { LambdaOutputConfig } from './lambda-output-config';
import { LambdaOutput } from './lambda-output';

/** Creates the adapter for a validated `lambda` output; AWS credentials are resolved per request by the SDK. */
export function createLambdaOutput(config: LambdaOutputConfig, logger?: Logger): LambdaOutput {
  return new LambdaOutput({
    name: config.name,
    functionName: config.functionName,
    qualifier: config.qualifier,
    invocationType: config.invocationType,
    region: config.region,
    endpoint: config.endpoint,
    payload: config.payload,
    maxBatchSize: config.delivery.batchSize,
    maxPayloadBytes: config.maxPayloadBytes,
    retryFunctionErrors: config.retryFunctionErrors,
    timeoutMs: config.timeoutMs,
    logger,
  });
}
