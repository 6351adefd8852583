/** HTTP status of each Lambda Invoke error the test server can return, from the Lambda API reference. */
export const LAMBDA_ERROR_STATUS: Readonly<Record<string, number>> = {
  InvalidRequestContentException: 400,
  InvalidParameterValueException: 400,
  AccessDeniedException: 403,
  MissingAuthenticationTokenException: 403,
  ResourceNotFoundException: 404,
  ResourceConflictException: 409,
  RequestTooLargeException: 413,
  UnsupportedMediaTypeException: 415,
  TooManyRequestsException: 429,
  ServiceException: 500,
  EC2ThrottledException: 502,
  ResourceNotReadyException: 502,
};

/** A Lambda API error reply: `x-amzn-ErrorType` names it and the JSON body carries `Type` and a message. */
export interface LambdaErrorReply {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/**
 * Builds the reply for a Lambda API error. `retryAfterSeconds` adds the
 * Retry-After header that Lambda sends with TooManyRequestsException.
 */
export function lambdaErrorReply(
  errorType: string,
  message: string,
  options: { status?: number; retryAfterSeconds?: number; reason?: string } = {},
): LambdaErrorReply {
  const status = options.status ?? LAMBDA_ERROR_STATUS[errorType] ?? 500;
  const headers: Record<string, string> = { 'x-amzn-ErrorType': errorType };
  if (options.retryAfterSeconds !== undefined) {
    headers['Retry-After'] = String(options.retryAfterSeconds);
  }

  const body: Record<string, unknown> = {
    Type: status >= 500 ? 'Service' : 'User',
    message,
  };
  if (options.reason !== undefined) body.Reason = options.reason;
  return { status, headers, body };
}
