import {
  InvokeCommand,
  LambdaClient,
  RequestTooLargeException,
  ResourceNotFoundException,
  TooManyRequestsException,
  InvalidRequestContentException,
} from '@aws-sdk/client-lambda';

import { startLambdaServer, type LambdaServer } from './lambda-server';

// Dummy credentials keep the SDK's credential chain at the environment step,
// so it never calls the instance metadata service.
const DUMMY_ENV = {
  AWS_ACCESS_KEY_ID: 'AKIDTALARIATEST',
  AWS_SECRET_ACCESS_KEY: 'talaria-test-secret',
  AWS_REGION: 'eu-west-1',
  AWS_EC2_METADATA_DISABLED: 'true',
};

describe('startLambdaServer', () => {
  const savedEnv: Record<string, string | undefined> = {};
  let server: LambdaServer;
  let client: LambdaClient;

  beforeAll(() => {
    for (const [name, value] of Object.entries(DUMMY_ENV)) {
      savedEnv[name] = process.env[name];
      process.env[name] = value;
    }
  });

  afterAll(() => {
    for (const [name, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  beforeEach(async () => {
    server = await startLambdaServer({ functions: ['findings-sink'], maxAsyncPayloadBytes: 1024 });
    client = new LambdaClient({ endpoint: server.url, maxAttempts: 1 });
  });

  afterEach(async () => {
    client.destroy();
    await server.close();
  });

  const invoke = (payload: string, extra: Partial<InvokeCommand['input']> = {}) =>
    client.send(
      new InvokeCommand({
        FunctionName: 'findings-sink',
        Payload: Buffer.from(payload),
        ...extra,
      }),
    );

  it('invokes synchronously and records the signed request', async () => {
    server.setHandler((invocation) => ({
      result: { received: (invocation.payload as unknown[]).length },
    }));

    const output = await invoke('[{"id":"a"},{"id":"b"}]');

    expect(output.StatusCode).toBe(200);
    expect(output.FunctionError).toBeUndefined();
    expect(JSON.parse(Buffer.from(output.Payload!).toString())).toEqual({ received: 2 });
    expect(output.ExecutedVersion).toBe('$LATEST');
    const [invocation] = server.invocations;
    expect(invocation).toMatchObject({
      functionName: 'findings-sink',
      invocationType: 'RequestResponse',
      accessKeyId: 'AKIDTALARIATEST',
      region: 'eu-west-1',
      payloadText: '[{"id":"a"},{"id":"b"}]',
    });
  });

  it('answers Event invocations with 202', async () => {
    const output = await invoke('{"id":"a"}', { InvocationType: 'Event', Qualifier: 'live' });

    expect(output.StatusCode).toBe(202);
    expect(server.invocations[0]).toMatchObject({ invocationType: 'Event', qualifier: 'live' });
  });

  it('accepts function ARNs', async () => {
    await invoke('{}', {
      FunctionName: 'arn:aws:lambda:eu-west-1:123456789012:function:findings-sink:7',
    });

    expect(server.invocations[0]).toMatchObject({ functionName: 'findings-sink', qualifier: '7' });
  });

  it('reports function errors in the header', async () => {
    server.respondNext({
      functionError: { errorType: 'TypeError', errorMessage: 'x is undefined' },
    });

    const output = await invoke('{}');

    expect(output.StatusCode).toBe(200);
    expect(output.FunctionError).toBe('Unhandled');
    expect(JSON.parse(Buffer.from(output.Payload!).toString())).toMatchObject({
      errorType: 'TypeError',
      errorMessage: 'x is undefined',
    });
  });

  it('throttles with Retry-After', async () => {
    server.respondNext({
      error: 'TooManyRequestsException',
      retryAfterSeconds: 2,
      reason: 'ReservedFunctionConcurrentInvocationLimitExceeded',
      message: 'Rate Exceeded.',
    });

    const failure = await invoke('{}').catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(TooManyRequestsException);
    const throttled = failure as TooManyRequestsException;
    expect(throttled.retryAfterSeconds).toBe('2');
    expect(throttled.Reason).toBe('ReservedFunctionConcurrentInvocationLimitExceeded');
    expect(throttled.message).toBe('Rate Exceeded.');
    expect(throttled.$metadata.httpStatusCode).toBe(429);
    expect(server.invocations).toHaveLength(0);
  });

  it('rejects payloads over the limit of the invocation type', async () => {
    const payload = JSON.stringify({ text: 'x'.repeat(2000) });

    const failure = await invoke(payload, { InvocationType: 'Event' }).catch(
      (error: unknown) => error,
    );
    const synchronous = await invoke(payload);

    expect(failure).toBeInstanceOf(RequestTooLargeException);
    expect((failure as Error).message).toContain('smaller than 1024 bytes');
    expect(synchronous.StatusCode).toBe(200);
  });

  it('rejects unknown functions and invalid JSON', async () => {
    const missing = await invoke('{}', { FunctionName: 'absent' }).catch((error: unknown) => error);
    const invalid = await invoke('{not json').catch((error: unknown) => error);

    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect((missing as Error).message).toContain('function:absent');
    expect(invalid).toBeInstanceOf(InvalidRequestContentException);
    expect(server.invocations).toHaveLength(0);
  });

  it('rejects unsigned requests', async () => {
    const response = await fetch(`${server.url}/2015-03-31/functions/findings-sink/invocations`, {
      method: 'POST',
      body: '{}',
    });

    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
  });
});
