import { readBusSettings } from './bus-output-config';

function read(raw: Record<string, unknown>): { settings: unknown; issues: string[] } {
  const issues: string[] = [];
  const settings = readBusSettings(raw, 'outputs[0]', issues);
  return { settings, issues };
}

describe('readBusSettings', () => {
  it('fills defaults', () => {
    const { settings, issues } = read({ url: { env: 'RABBITMQ_URL' } });

    expect(issues).toEqual([]);
    expect(settings).toEqual({ type: 'bus', url: { env: 'RABBITMQ_URL' }, mandatory: true });
  });

  it('reads an exchange with a bound queue', () => {
    const { settings, issues } = read({
      url: 'amqps://rabbit.internal:5671',
      exchange: 'talaria.findings',
      queue: 'hermes.findings',
      bindingKey: 'prod-eu-1.*.*',
      mandatory: false,
      publishTimeoutMs: 5000,
      reconnectSeconds: 2,
    });

    expect(issues).toEqual([]);
    expect(settings).toMatchObject({
      exchange: 'talaria.findings',
      queue: 'hermes.findings',
      bindingKey: 'prod-eu-1.*.*',
      mandatory: false,
    });
  });

  it.each([
    [{}, 'outputs[0].url: missing'],
    [{ url: 'http://rabbit' }, 'outputs[0].url: uses http: instead of amqp:'],
    [{ url: 'amqp://guest:guest@rabbit' }, 'outputs[0].url: contains a password'],
    [{ url: { env: 'lower case' } }, 'outputs[0].url.env: "lower case" is not an environment'],
    [{ url: 'amqp://rabbit', exchange: 'amq.topic' }, 'names starting with amq. are reserved'],
    [{ url: 'amqp://rabbit', queue: 'has space' }, 'outputs[0].queue: "has space" is not valid'],
    [{ url: 'amqp://rabbit', bindingKey: '#' }, 'outputs[0].bindingKey: binds queue to exchange'],
    [
      { url: 'amqp://rabbit', exchange: 'e', queue: 'q', bindingKey: 'a..b' },
      'outputs[0].bindingKey: "a..b" is not valid',
    ],
    [{ url: 'amqp://rabbit', publishTimeoutMs: 10 }, 'outputs[0].publishTimeoutMs: 10'],
    [{ url: 'amqp://rabbit', mandatory: 'true' }, 'outputs[0].mandatory: "true" is not valid'],
  ])('rejects %j', (raw, message) => {
    const { issues } = read(raw);

    expect(issues).toHaveLength(1);
    expect(issues[0]).toContain(message);
  });

  it('never echoes a URL with a password', () => {
    const { issues } = read({ url: 'amqp://talaria:hunter2@rabbit' });

    expect(issues.join('\n')).not.toContain('hunter2');
  });
});
