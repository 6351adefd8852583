import { BusOutput } from '../src/adapters/bus/bus-output';
import { ElasticsearchOutput } from '../src/adapters/elasticsearch/elasticsearch-output';
import { LambdaOutput } from '../src/adapters/lambda/lambda-output';
import { createOutputAdapter } from '../src/config/create-output-adapter';
import { OutputConfigError } from '../src/config/output-config-error';
import { parseOutputConfig, parseOutputsConfig } from '../src/config/parse-output-config';
import { captureLogger } from './support/capture-logger';
import { useDummyAwsEnvironment } from './support/dummy-aws-environment';

const secrets = (env: Record<string, string>) => ({ env, readFile: () => '' });

describe('elasticsearch, lambda and bus configuration', () => {
  useDummyAwsEnvironment();

  it('parses all three with routes and delivery settings', () => {
    const configs = parseOutputsConfig([
      {
        name: 'search',
        type: 'elasticsearch',
        url: 'https://es.internal:9200',
        apiKey: { env: 'ES_API_KEY' },
        minPriority: 'notice',
        batchSize: 200,
      },
      {
        name: 'responder',
        type: 'lambda',
        functionName: 'talaria-responder',
        invocationType: 'Event',
        criticalities: ['high'],
      },
      {
        name: 'bus',
        type: 'bus',
        url: { env: 'RABBITMQ_URL' },
        exchange: 'talaria.findings',
        retry: { maxAttempts: 20 },
      },
    ]);

    expect(configs.map((config) => config.type)).toEqual(['elasticsearch', 'lambda', 'bus']);
    expect(configs[0]).toMatchObject({
      route: { minPriority: 'Notice' },
      delivery: { batchSize: 200 },
      index: 'talaria-findings',
    });
    expect(configs[1].route.criticalities).toEqual(['high']);
    expect(configs[2].delivery.retry).toMatchObject({ maxAttempts: 20 });
  });

  it('rejects unknown keys of each type', () => {
    const parse = () =>
      parseOutputsConfig([
        { name: 'a', type: 'elasticsearch', url: 'http://es', indexName: 'x' },
        { name: 'b', type: 'lambda', functionName: 'f', function: 'f' },
        { name: 'c', type: 'bus', url: 'amqp://rabbit', routingKey: 'x' },
      ]);

    expect(parse).toThrow(OutputConfigError);
    expect(parse).toThrow('outputs[0].indexName: unknown key');
    expect(parse).toThrow('outputs[1].function: unknown key');
    expect(parse).toThrow('outputs[2].routingKey: unknown key');
  });

  it('creates each adapter with its secrets', async () => {
    const { logger } = captureLogger();
    const adapters = [
      createOutputAdapter(
        parseOutputConfig(
          {
            name: 'search',
            type: 'elasticsearch',
            url: 'http://127.0.0.1:9',
            apiKey: { env: 'K' },
          },
          'outputs[0]',
        ),
        { secrets: secrets({ K: 'api-key' }) },
      ),
      createOutputAdapter(
        parseOutputConfig(
          {
            name: 'responder',
            type: 'lambda',
            functionName: 'f',
            endpoint: 'http://127.0.0.1:9',
            payload: 'array',
            batchSize: 20,
          },
          'outputs[1]',
        ),
      ),
      createOutputAdapter(
        parseOutputConfig({ name: 'bus', type: 'bus', url: { env: 'BUS_URL' } }, 'outputs[2]'),
        { secrets: secrets({ BUS_URL: 'amqp://talaria:secret@127.0.0.1:9' }), logger },
      ),
    ];

    expect(adapters[0]).toBeInstanceOf(ElasticsearchOutput);
    expect(adapters[0].maxBatchSize).toBe(500);
    expect(adapters[1]).toBeInstanceOf(LambdaOutput);
    expect(adapters[1].maxBatchSize).toBe(20);
    expect(adapters[2]).toBeInstanceOf(BusOutput);
    await Promise.all(adapters.map((adapter) => adapter.close?.()));
  });

  it('names a missing secret', () => {
    const config = parseOutputConfig(
      { name: 'bus', type: 'bus', url: { env: 'UNSET_BUS_URL' } },
      'outputs[0]',
    );

    expect(() => createOutputAdapter(config, { secrets: secrets({}) })).toThrow(
      'output "bus" url: environment variable UNSET_BUS_URL is not set or empty',
    );
  });

  it('rejects a secret that is not an amqp URL', () => {
    const config = parseOutputConfig(
      { name: 'bus', type: 'bus', url: { env: 'BUS_URL' } },
      'outputs[0]',
    );
    const create = () =>
      createOutputAdapter(config, { secrets: secrets({ BUS_URL: 'https://u:pw@rabbit' }) });

    expect(create).toThrow('output "bus" url: the secret uses https: instead of amqp:');
    expect(create).not.toThrow(/pw@/);
  });

  it('names an unreadable CA file', () => {
    const config = parseOutputConfig(
      { name: 'search', type: 'elasticsearch', url: 'https://es', caFile: '/nonexistent/ca.pem' },
      'outputs[0]',
    );

    expect(() => createOutputAdapter(config)).toThrow(
      'output "search" caFile: reading /nonexistent/ca.pem failed (ENOENT)',
    );
  });
});
