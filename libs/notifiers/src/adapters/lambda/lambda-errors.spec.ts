import {
  RequestTooLargeException,
  ResourceConflictException,
  ResourceNotFoundException,
  ServiceException,
  TooManyRequestsException,
} from '@aws-sdk/client-lambda';

import { classifyInvokeError } from './lambda-errors';

const metadata = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });

describe('classifyInvokeError', () => {
  it('retries throttling after Retry-After', () => {
    const error = new TooManyRequestsException({
      message: 'Rate Exceeded.',
      retryAfterSeconds: '3',
      ...metadata(429),
    });

    expect(classifyInvokeError(error)).toEqual({
      reason: 'TooManyRequestsException (429): Rate Exceeded.',
      retryable: true,
      retryAfterMs: 3000,
      rateLimited: true,
    });
  });

  it('retries throttling without Retry-After', () => {
    const error = new TooManyRequestsException({ message: 'Rate Exceeded.', ...metadata(429) });

    expect(classifyInvokeError(error)).toMatchObject({
      retryable: true,
      retryAfterMs: undefined,
      rateLimited: true,
    });
  });

  it.each([
    [new ServiceException({ message: 'internal', ...metadata(500) }), true],
    [new ResourceConflictException({ message: 'update in progress', ...metadata(409) }), true],
    [new ResourceNotFoundException({ message: 'Function not found', ...metadata(404) }), false],
    [new RequestTooLargeException({ message: 'too large', ...metadata(413) }), false],
  ])('classifies %s', (error, retryable) => {
    expect(classifyInvokeError(error).retryable).toBe(retryable);
    expect(classifyInvokeError(error).rateLimited).toBeUndefined();
  });

  it('adds a hint to a missing function', () => {
    const error = new ResourceNotFoundException({
      message: 'Function not found',
      ...metadata(404),
    });

    expect(classifyInvokeError(error).reason).toBe(
      'ResourceNotFoundException (404): Function not found; check functionName, qualifier and region',
    );
  });

  it('retries network errors', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'ECONNREFUSED',
    });

    expect(classifyInvokeError(error)).toEqual({
      reason: 'Error: connect ECONNREFUSED 127.0.0.1:1',
      retryable: true,
    });
  });

  it('rejects a missing region for good', () => {
    expect(classifyInvokeError(new Error('Region is missing'))).toEqual({
      reason: 'Region is missing; set region in the output or AWS_REGION',
      retryable: false,
    });
  });
});
