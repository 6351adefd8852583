import { describeError } from '../../delivery/send-outcome';
import { lambdaLibrary } from '../client-libraries';

/** Whether and when an invocation that threw can be tried again. */
export interface InvocationFailure {
  reason: string;
  retryable: boolean;
  retryAfterMs?: number;
  /** Lambda throttled the call: the function is there, its concurrency is used up. */
  rateLimited?: boolean;
}

/** Client-side Lambda errors after which the same request can succeed later. */
const RETRYABLE_CLIENT_ERRORS = new Set([
  'TooManyRequestsException',
  'ResourceConflictException',
  'ResourceNotReadyException',
]);

const HINTS: Readonly<Record<string, string>> = {
  RequestTooLargeException: '; lower maxPayloadBytes to the limit the function accepts',
  ResourceNotFoundException: '; check functionName, qualifier and region',
  AccessDeniedException: '; allow lambda:InvokeFunction for the credentials in use',
  UnrecognizedClientException: '; check the AWS credentials in use',
  InvalidSignatureException: '; check the AWS credentials in use',
};

/**
 * Classifies an error thrown by an Invoke call. Throttling (429, with the
 * wait from Retry-After), function updates in progress (409), 5xx service
 * errors, timeouts and network errors are retryable. Other 4xx errors, such
 * as an unknown function or a payload over the limit, are not.
 */
export function classifyInvokeError(error: unknown): InvocationFailure {
  const name = error instanceof Error ? error.name : 'Error';
  const metadata = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata;
  const status = metadata?.httpStatusCode;
  const fault = (error as { $fault?: string })?.$fault;
  const message = describeError(error);

  if (error instanceof lambdaLibrary().TooManyRequestsException) {
    const seconds = Number(error.retryAfterSeconds);
    return {
      reason: `${name} (429): ${message}`,
      retryable: true,
      retryAfterMs: Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined,
      rateLimited: true,
    };
  }

  if (status !== undefined) {
    const retryable = status >= 500 || fault === 'server' || RETRYABLE_CLIENT_ERRORS.has(name);
    return { reason: `${name} (${status}): ${message}${HINTS[name] ?? ''}`, retryable };
  }

  // The SDK resolves the region lazily, so a missing one surfaces here.
  if (/region is missing/i.test(message)) {
    return { reason: `${message}; set region in the output or AWS_REGION`, retryable: false };
  }
  return { reason: `${name}: ${message}`, retryable: true };
}
