import { readLambdaSettings } from './lambda-output-config';

function read(raw: Record<string, unknown>): { settings: unknown; issues: string[] } {
  const issues: string[] = [];
  const settings = readLambdaSettings(raw, 'outputs[0]', issues);
  return { settings, issues };
}

describe('readLambdaSettings', () => {
  it('fills defaults', () => {
    const { settings, issues } = read({ functionName: 'talaria-findings' });

    expect(issues).toEqual([]);
    expect(settings).toEqual({
      type: 'lambda',
      functionName: 'talaria-findings',
      invocationType: 'RequestResponse',
      payload: 'finding',
      retryFunctionErrors: false,
    });
  });

  it('reads every key', () => {
    const { settings, issues } = read({
      functionName: 'arn:aws:lambda:eu-west-1:123456789012:function:talaria-findings:live',
      qualifier: '7',
      invocationType: 'Event',
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:9001',
      payload: 'array',
      maxPayloadBytes: 1048576,
      retryFunctionErrors: true,
      timeoutMs: 5000,
    });

    expect(issues).toEqual([]);
    expect(settings).toMatchObject({
      invocationType: 'Event',
      maxPayloadBytes: 1048576,
      payload: 'array',
      retryFunctionErrors: true,
    });
  });

  it.each([
    [{}, 'outputs[0].functionName: missing'],
    [{ functionName: 'has space' }, 'outputs[0].functionName: "has space" is not valid'],
    [{ functionName: 'f', qualifier: 'a b' }, 'outputs[0].qualifier: "a b" is not valid'],
    [{ functionName: 'f', region: 'europe' }, 'outputs[0].region: "europe" is not valid'],
    [{ functionName: 'f', invocationType: 'DryRun' }, 'outputs[0].invocationType: "DryRun"'],
    [{ functionName: 'f', endpoint: 'lambda.local' }, 'outputs[0].endpoint: "lambda.local"'],
    [{ functionName: 'f', endpoint: 'https://a:b@x' }, 'outputs[0].endpoint: contains a user'],
    [
      { functionName: 'f', invocationType: 'Event', maxPayloadBytes: 2 * 1048576 },
      'Event invocations take at most 1048576',
    ],
    [{ functionName: 'f', maxPayloadBytes: 7 * 1048576 }, 'take at most 6291456'],
    [{ functionName: 'f', retryFunctionErrors: 'no' }, 'outputs[0].retryFunctionErrors'],
  ])('rejects %j', (raw, message) => {
    const { issues } = read(raw);

    expect(issues).toHaveLength(1);
    expect(issues[0]).toContain(message);
  });
});
