import { readElasticsearchSettings } from './elasticsearch-output-config';

function read(raw: Record<string, unknown>): { settings: unknown; issues: string[] } {
  const issues: string[] = [];
  const settings = readElasticsearchSettings(raw, 'outputs[0]', issues);
  return { settings, issues };
}

describe('readElasticsearchSettings', () => {
  it('fills defaults', () => {
    const { settings, issues } = read({ url: 'https://es.internal:9200' });

    expect(issues).toEqual([]);
    expect(settings).toEqual({
      type: 'elasticsearch',
      url: 'https://es.internal:9200',
      index: 'talaria-findings',
      installTemplate: true,
      templateName: 'talaria-findings',
      templatePriority: 200,
    });
  });

  it('reads a data stream with an API key', () => {
    const { settings, issues } = read({
      url: 'https://es.internal:9200',
      dataStream: 'logs-talaria.findings-prod',
      apiKey: { env: 'ES_API_KEY' },
      installTemplate: false,
      maxBulkBytes: 1048576,
      timeoutMs: 5000,
    });

    expect(issues).toEqual([]);
    expect(settings).toMatchObject({
      dataStream: 'logs-talaria.findings-prod',
      apiKey: { env: 'ES_API_KEY' },
      installTemplate: false,
      templateName: 'logs-talaria.findings-prod',
      maxBulkBytes: 1048576,
      timeoutMs: 5000,
    });
    expect(settings).not.toHaveProperty('index');
  });

  it.each([
    [{}, 'outputs[0].url: missing; set it to a non-empty string'],
    [{ url: 'es.internal' }, 'outputs[0].url: "es.internal" is not a URL'],
    [{ url: 'ftp://es' }, 'outputs[0].url: "ftp://es" is not an http(s) URL'],
    [{ url: 'https://u:p@es' }, 'outputs[0].url: contains a user name or password'],
    [
      { url: 'https://es', index: 'a', dataStream: 'b' },
      'outputs[0]: both index and dataStream are set',
    ],
    [{ url: 'https://es', index: 'Findings' }, 'outputs[0].index: "Findings" is not valid'],
    [{ url: 'https://es', dataStream: '.ds-x' }, 'outputs[0].dataStream: ".ds-x" is not valid'],
    [
      { url: 'https://es', apiKey: 'literal-key' },
      'outputs[0].apiKey: a literal secret is not accepted',
    ],
    [{ url: 'https://es', username: 'talaria' }, 'outputs[0]: username and password go together'],
    [
      { url: 'https://es', apiKey: { env: 'K' }, username: 'u', password: { env: 'P' } },
      'outputs[0]: apiKey and username/password are both set',
    ],
    [
      { url: 'https://es', installTemplate: 'yes' },
      'outputs[0].installTemplate: "yes" is not valid',
    ],
    [{ url: 'https://es', maxBulkBytes: 10 }, 'outputs[0].maxBulkBytes: 10 is not valid'],
  ])('rejects %j', (raw, message) => {
    const { issues } = read(raw);

    expect(issues).toHaveLength(1);
    expect(issues[0]).toContain(message);
  });

  it('never echoes a URL with credentials', () => {
    const { issues } = read({ url: 'https://user:hunter2@es' });

    expect(issues.join('\n')).not.toContain('hunter2');
  });
});
