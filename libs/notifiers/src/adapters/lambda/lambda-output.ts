import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { Finding } from '@talaria/falco-event';
import type { Logger } from '@talaria/telemetry';

import { LogThrottle } from '../../delivery/log-throttle';
import type { OutputAdapter, SendResult } from '../../output';
import { lambdaLibrary } from '../client-libraries';
import { classifyInvokeError } from './lambda-errors';
import {
  packInvocations,
  type LambdaInvocationPayload,
  type LambdaPayloadMode,
} from './lambda-payload';

export type LambdaInvocationType = 'RequestResponse' | 'Event';

/** Largest payload of a synchronous invocation: 6 MiB. */
export const SYNC_PAYLOAD_LIMIT_BYTES = 6 * 1024 * 1024;
/**
 * Default payload limit of an asynchronous invocation: 256 KiB, the limit
 * AWS applied for years and still the safe choice. The Invoke API reference
 * now states 1 MB for asynchronous invocations, so up to 1 MiB may be set.
 */
export const ASYNC_PAYLOAD_LIMIT_BYTES = 256 * 1024;
export const MAX_ASYNC_PAYLOAD_LIMIT_BYTES = 1024 * 1024;

export const DEFAULT_LAMBDA_ARRAY_BATCH_SIZE = 100;
export const DEFAULT_LAMBDA_TIMEOUT_MS = 60_000;

export interface LambdaOutputOptions {
  name: string;
  /** Function name, partial ARN or ARN, optionally with `:qualifier`. */
  functionName: string;
  /** Version or alias. */
  qualifier?: string;
  /** Default RequestResponse, which waits for the function and receives its errors. */
  invocationType?: LambdaInvocationType;
  /** AWS region; the SDK's default chain (AWS_REGION, profile) when absent. */
  region?: string;
  /** Endpoint URL instead of the regional one, for VPC endpoints or tests. */
  endpoint?: string;
  /** Default `finding`: one finding per invocation. */
  payload?: LambdaPayloadMode;
  /** Maximum findings per send in `array` mode; default 100. */
  maxBatchSize?: number;
  /** Maximum payload bytes; default 6 MiB for RequestResponse and 256 KiB for Event. */
  maxPayloadBytes?: number;
  /** Retries findings whose invocation ended in a function error; default false. */
  retryFunctionErrors?: boolean;
  /** Maximum time in ms for one invocation request; default 60000. */
  timeoutMs?: number;
  /** Receives one line per finding cut to fit the payload limit. */
  logger?: Logger;
}

/**
 * Invokes an AWS Lambda function with findings. Credentials come from the
 * SDK's default chain: environment, shared profile, web identity (EKS
 * service accounts), container or instance role. Findings are packed below
 * the payload limit of the invocation type. A finding too large on its own
 * has its longest strings cut and carries a `truncated` list. One that still
 * does not fit is dead-lettered.
 */
export class LambdaOutput implements OutputAdapter {
  readonly type = 'lambda';
  readonly name: string;
  readonly maxBatchSize: number;
  private readonly client: LambdaClient;
  private readonly functionName: string;
  private readonly qualifier?: string;
  private readonly invocationType: LambdaInvocationType;
  private readonly payloadMode: LambdaPayloadMode;
  private readonly maxPayloadBytes: number;
  private readonly retryFunctionErrors: boolean;
  private readonly logger?: Logger;
  private readonly truncationLogThrottle = new LogThrottle();

  constructor(options: LambdaOutputOptions) {
    this.name = options.name;
    this.functionName = options.functionName;
    this.qualifier = options.qualifier;
    this.invocationType = options.invocationType ?? 'RequestResponse';
    this.payloadMode = options.payload ?? 'finding';
    this.maxBatchSize =
      this.payloadMode === 'array' ? (options.maxBatchSize ?? DEFAULT_LAMBDA_ARRAY_BATCH_SIZE) : 1;
    this.maxPayloadBytes =
      options.maxPayloadBytes ??
      (this.invocationType === 'Event' ? ASYNC_PAYLOAD_LIMIT_BYTES : SYNC_PAYLOAD_LIMIT_BYTES);
    this.retryFunctionErrors = options.retryFunctionErrors ?? false;
    this.logger = options.logger?.child({ output: options.name, outputType: 'lambda' });

    const timeoutMs = options.timeoutMs ?? DEFAULT_LAMBDA_TIMEOUT_MS;
    this.client = new (lambdaLibrary().LambdaClient)({
      region: options.region,
      endpoint: options.endpoint,
      // The delivery engine owns retries and backoff, so the SDK tries once.
      maxAttempts: 1,
      requestHandler: { requestTimeout: timeoutMs, connectionTimeout: Math.min(timeoutMs, 10_000) },
    });
  }

  /**
   * Sends the batch's invocations one after another. A function error fails
   * the findings of its invocation. A thrown error fails them and those of
   * the invocations not yet sent, with the same verdict, so a throttled
   * function is not called again before Retry-After.
   */
  async send(batch: Finding[]): Promise<SendResult> {
    const { invocations, oversized } = packInvocations(
      batch,
      this.payloadMode,
      this.maxPayloadBytes,
    );
    const failed: SendResult['failed'] = oversized.map(({ finding, reason }) => ({
      finding,
      reason,
      retryable: false,
    }));

    for (const [index, invocation] of invocations.entries()) {
      this.logTruncation(invocation);
      let functionError: string | undefined;
      try {
        functionError = await this.invoke(invocation);
      } catch (error) {
        const failure = classifyInvokeError(error);
        for (const rest of invocations.slice(index)) {
          for (const finding of rest.findings) {
            failed.push({ finding, reason: failure.reason, retryable: failure.retryable });
          }
        }
        return { failed, retryAfterMs: failure.retryAfterMs, rateLimited: failure.rateLimited };
      }

      if (functionError !== undefined) {
        for (const finding of invocation.findings) {
          failed.push({ finding, reason: functionError, retryable: this.retryFunctionErrors });
        }
      }
    }
    return { failed };
  }

  async close(): Promise<void> {
    this.client.destroy();
  }

  /** Invokes the function; returns a description of the function error, if it reported one. */
  private async invoke(invocation: LambdaInvocationPayload): Promise<string | undefined> {
    const output = await this.client.send(
      new (lambdaLibrary().InvokeCommand)({
        FunctionName: this.functionName,
        Qualifier: this.qualifier,
        InvocationType: this.invocationType,
        Payload: Buffer.from(invocation.payload, 'utf8'),
      }),
    );
    if (output.FunctionError === undefined) return undefined;

    const detail = output.Payload === undefined ? '' : Buffer.from(output.Payload).toString('utf8');
    return `function error ${output.FunctionError}: ${detail.slice(0, 300)}`;
  }

  /** Logs cut findings at most once per 10 s, with the count of invocations not logged. */
  private logTruncation(invocation: LambdaInvocationPayload): void {
    if (invocation.truncatedIds.length === 0) return;
    const admitted = this.truncationLogThrottle.admit('truncated');
    if (admitted === undefined) return;

    this.logger?.warn(
      {
        findingIds: invocation.truncatedIds,
        maxPayloadBytes: this.maxPayloadBytes,
        payloadBytes: invocation.bytes,
        suppressedSinceLastLog: admitted.suppressed,
      },
      'findings cut to fit the Lambda payload limit; their truncated field lists what was cut',
    );
  }
}
