import { randomUUID } from 'node:crypto';

import {
  startRecordingServer,
  type RecordedRequest,
  type ScriptedReply,
  type ScriptedResponse,
} from '../recording-server';
import { lambdaErrorReply } from './lambda-errors';
import { parseFunctionName, parseSigV4Credential } from './lambda-request';

/** Synchronous invocations take at most 6 MiB of payload. */
export const SYNC_PAYLOAD_LIMIT_BYTES = 6 * 1024 * 1024;
/** The historical limit for asynchronous invocations. The Invoke API reference now states 1 MB. */
export const ASYNC_PAYLOAD_LIMIT_BYTES = 256 * 1024;

export type LambdaInvocationType = 'RequestResponse' | 'Event' | 'DryRun';

/** One invocation that reached a function. */
export interface LambdaInvocation {
  functionName: string;
  /** Version or alias from the `Qualifier` query or the function name, if any. */
  qualifier?: string;
  invocationType: LambdaInvocationType;
  /** The payload exactly as sent; integers beyond 2^53 are exact only here. */
  payloadText: string;
  /** The payload parsed with JSON.parse. */
  payload: unknown;
  /** Access key id and region from the SigV4 credential scope. */
  accessKeyId: string;
  region: string;
  receivedAt: number;
}

/** A function's outcome: a JSON result, or an error as Lambda reports unhandled exceptions. */
export type FunctionResult =
  { result: unknown } | { functionError: { errorType: string; errorMessage: string } };

/** A scripted reply that replaces the next invocation's normal handling. */
export type ScriptedLambdaReply = (
  | {
      /** Lambda API error name, such as TooManyRequestsException or ServiceException. */
      error: string;
      message?: string;
      status?: number;
      retryAfterSeconds?: number;
      reason?: string;
    }
  | FunctionResult
  | { closeSocket: true }
) & { delayMs?: number };

export interface LambdaServerOptions {
  /** Loopback address to listen on; default 127.0.0.1. */
  host?: '127.0.0.1' | '::1';
  /** Functions that exist; others get ResourceNotFoundException. Every name exists when absent. */
  functions?: string[];
  /** Maximum payload of a RequestResponse invocation; default SYNC_PAYLOAD_LIMIT_BYTES. */
  maxSyncPayloadBytes?: number;
  /** Maximum payload of an Event invocation; default ASYNC_PAYLOAD_LIMIT_BYTES. */
  maxAsyncPayloadBytes?: number;
}

export interface LambdaServer {
  readonly url: string;
  readonly port: number;
  readonly requests: readonly RecordedRequest[];
  /** Invocations that reached a function, function errors included. */
  readonly invocations: readonly LambdaInvocation[];
  /** Replaces what functions return for RequestResponse invocations; default `{ result: null }`. */
  setHandler(handler: (invocation: LambdaInvocation) => FunctionResult): void;
  /** Replies to the next `count` invocation requests with `reply`, after replies already queued. */
  respondNext(reply: ScriptedLambdaReply, count?: number): void;
  /** Resolves once `count` invocations reached a function; rejects after `timeoutMs` (default 5000). */
  waitForInvocations(count: number, timeoutMs?: number): Promise<LambdaInvocation[]>;
  close(): Promise<void>;
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/**
 * Starts a local server that speaks Lambda's Invoke REST API as the AWS SDK
 * calls it: SigV4-signed `POST /2015-03-31/functions/{name}/invocations` with
 * `X-Amz-Invocation-Type`. It replies 200 or 202, reports function errors in
 * `X-Amz-Function-Error`, and sends AWS error replies such as 429
 * TooManyRequestsException with Retry-After, 413 RequestTooLargeException and
 * 404 ResourceNotFoundException. Signatures are checked for shape only.
 */
export async function startLambdaServer(options: LambdaServerOptions = {}): Promise<LambdaServer> {
  const limits = {
    RequestResponse: options.maxSyncPayloadBytes ?? SYNC_PAYLOAD_LIMIT_BYTES,
    Event: options.maxAsyncPayloadBytes ?? ASYNC_PAYLOAD_LIMIT_BYTES,
    DryRun: options.maxSyncPayloadBytes ?? SYNC_PAYLOAD_LIMIT_BYTES,
  };
  const invocations: LambdaInvocation[] = [];
  const scripted: ScriptedLambdaReply[] = [];
  const waiters = new Set<() => void>();
  let handler: (invocation: LambdaInvocation) => FunctionResult = () => ({ result: null });

  const respond = (request: RecordedRequest): ScriptedResponse => {
    const url = new URL(request.path, 'http://lambda.local');
    const match = INVOKE_PATH.exec(url.pathname);
    if (match === null || request.method !== 'POST') {
      return errorReply(
        'UnknownOperationException',
        `no operation at ${request.method} ${url.pathname}`,
        {
          status: 404,
        },
      );
    }

    const credential = parseSigV4Credential(request.headers.authorization);
    if (credential === undefined) {
      return errorReply('MissingAuthenticationTokenException', 'Missing Authentication Token');
    }

    const target = parseFunctionName(decodeURIComponent(match[1]));
    const invocationType = request.headers['x-amz-invocation-type'] ?? 'RequestResponse';
    if (
      invocationType !== 'RequestResponse' &&
      invocationType !== 'Event' &&
      invocationType !== 'DryRun'
    ) {
      return errorReply(
        'InvalidParameterValueException',
        `X-Amz-Invocation-Type ${String(invocationType)} is not one of RequestResponse, Event, DryRun`,
      );
    }
    if (options.functions !== undefined && !options.functions.includes(target.name)) {
      return errorReply(
        'ResourceNotFoundException',
        `Function not found: arn:aws:lambda:${credential.region}:123456789012:function:${target.name}`,
      );
    }

    const limit = limits[invocationType];
    if (request.rawBody.length > limit) {
      return errorReply(
        'RequestTooLargeException',
        `Request must be smaller than ${limit} bytes for the InvokeFunction operation`,
      );
    }

    let payload: unknown = null;
    try {
      payload = request.body === '' ? null : JSON.parse(request.body);
    } catch {
      return errorReply('InvalidRequestContentException', 'Could not parse request body into json');
    }

    const next = scripted.shift();
    const delayMs = next?.delayMs;
    if (next !== undefined && 'closeSocket' in next) return { closeSocket: true, delayMs };
    if (next !== undefined && 'error' in next) {
      return { ...errorReply(next.error, next.message ?? `scripted ${next.error}`, next), delayMs };
    }

    const invocation: LambdaInvocation = {
      functionName: target.name,
      qualifier: url.searchParams.get('Qualifier') ?? target.qualifier,
      invocationType,
      payloadText: request.body,
      payload,
      accessKeyId: credential.accessKeyId,
      region: credential.region,
      receivedAt: request.receivedAt,
    };
    invocations.push(invocation);
    for (const wake of [...waiters]) wake();
    return { ...invocationReply(invocation, next ?? handler(invocation)), delayMs };
  };
  const recording = await startRecordingServer({ host: options.host, responder: respond });

  return {
    url: recording.url,
    port: recording.port,
    requests: recording.requests,
    invocations,
    setHandler(next) {
      handler = next;
    },
    respondNext(reply, count = 1) {
      for (let index = 0; index < count; index += 1) scripted.push(reply);
    },
    waitForInvocations(count, timeoutMs = 5000) {
      if (invocations.length >= count) return Promise.resolve([...invocations]);
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (invocations.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve([...invocations]);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `expected ${count} invocations within ${timeoutMs} ms; received ${invocations.length}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
      });
    },
    close: () => recording.close(),
  };
}

/** Replies as Lambda does for the invocation type: the result, 202 for Event, 204 for DryRun. */
function invocationReply(invocation: LambdaInvocation, result: FunctionResult): ScriptedReply {
  const version = invocation.qualifier ?? '$LATEST';
  if (invocation.invocationType === 'Event') return reply(202, {}, '');
  if (invocation.invocationType === 'DryRun') return reply(204, {}, '');

  // Lambda reports a function's exception with status 200 and this header.
  if ('functionError' in result) {
    return reply(
      200,
      { 'X-Amz-Function-Error': 'Unhandled', 'X-Amz-Executed-Version': version },
      JSON.stringify({ ...result.functionError, trace: [] }),
    );
  }
  return reply(200, { 'X-Amz-Executed-Version': version }, JSON.stringify(result.result ?? null));
}

function errorReply(
  errorType: string,
  message: string,
  extra: { status?: number; retryAfterSeconds?: number; reason?: string } = {},
): ScriptedReply {
  const error = lambdaErrorReply(errorType, message, extra);
  return reply(error.status, error.headers, JSON.stringify(error.body));
}

function reply(status: number, headers: Record<string, string>, body: string): ScriptedReply {
  return {
    status,
    headers: { 'Content-Type': 'application/json', 'X-Amzn-RequestId': randomUUID(), ...headers },
    body,
  };
}
