import { parseJson, type Finding } from '@talaria/falco-event';
import { startElasticsearchServer, type ElasticsearchServer } from '@talaria/testing';

import { ElasticsearchOutput } from '../src/adapters/elasticsearch/elasticsearch-output';
import { DeliveryError } from '../src/delivery/delivery-error';
import { corpusFinding, corpusFindings } from './support/corpus-findings';

describe('ElasticsearchOutput', () => {
  let server: ElasticsearchServer;
  let output: ElasticsearchOutput | undefined;

  beforeEach(async () => {
    server = await startElasticsearchServer();
  });

  afterEach(async () => {
    await output?.close();
    output = undefined;
    await server.close();
  });

  const dailyOutput = (extra: Partial<ConstructorParameters<typeof ElasticsearchOutput>[0]> = {}) =>
    new ElasticsearchOutput({
      name: 'search',
      url: server.url,
      target: { kind: 'daily', prefix: 'talaria-findings' },
      ...extra,
    });

  it('installs the template before indexing', async () => {
    output = dailyOutput();

    const result = await output.send([corpusFinding('Delete Group')]);

    expect(result.failed).toEqual([]);
    expect(server.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'PUT /_index_template/talaria-findings',
      'POST /_bulk',
    ]);
    expect(server.template('talaria-findings')).toMatchObject({
      index_patterns: ['talaria-findings-*'],
      priority: 200,
      template: {
        mappings: {
          dynamic: false,
          properties: {
            '@timestamp': { type: 'date_nanos' },
            alert: { properties: { output_fields: { type: 'flattened' } } },
            noise: { properties: { stormId: { type: 'keyword' } } },
          },
        },
      },
    });
  });

  it('installs the template only once', async () => {
    output = dailyOutput();

    await output.send([corpusFinding('Delete Group')]);
    await output.send([corpusFinding('Delete Group')]);

    const templateRequests = server.requests.filter((request) => request.path.includes('template'));
    expect(templateRequests).toHaveLength(1);
  });

  it('indexes into daily indices by alert time', async () => {
    output = dailyOutput();
    const findings = [corpusFinding('Delete Group'), corpusFinding('Terminal shell in container')];

    await output.send(findings);

    expect(server.documents.map((document) => [document.index, document.id])).toEqual(
      findings.map((finding) => [
        `talaria-findings-${finding.alert.time.slice(0, 10).replace(/-/g, '.')}`,
        finding.id,
      ]),
    );
  });

  it('sends compatibility and product headers', async () => {
    output = dailyOutput();

    await output.send([corpusFinding('Delete Group')]);

    const bulk = server.requests.find((request) => request.path === '/_bulk');
    expect(bulk?.headers['content-type']).toBe(
      'application/vnd.elasticsearch+x-ndjson; compatible-with=9',
    );
    expect(bulk?.headers.accept).toContain('compatible-with=9');
  });

  it('keeps bigints exact', async () => {
    output = dailyOutput();
    const finding = corpusFinding('Delete Group');

    await output.send([finding]);

    const [document] = server.documents;
    expect(document.sourceText).toContain('"evt.time":1741673282000000000');
    const parsed = parseJson(document.sourceText) as Finding;
    expect(parsed.alert.output_fields?.['evt.time']).toBe(1741673282000000000n);
    expect((document.source as Record<string, unknown>)['@timestamp']).toBe(finding.alert.time);
  });

  it('indexes the whole corpus without conflicts', async () => {
    output = dailyOutput();
    const findings = corpusFindings();

    const result = await output.send(findings);

    expect(result.failed).toEqual([]);
    expect(new Set(server.documents.map((document) => document.id)).size).toBe(findings.length);
  });

  it('conflicts without the template', async () => {
    // The corpus has keys such as fd.rip next to fd.rip.name, which dynamic
    // mapping turns into a concrete value and an object at the same path.
    output = dailyOutput({ installTemplate: false });

    const result = await output.send(corpusFindings());

    expect(result.failed.length).toBeGreaterThan(0);
    expect(result.failed.every((failure) => !failure.retryable)).toBe(true);
    expect(result.failed[0].reason).toContain('document_parsing_exception');
  });

  it('accepts a field that changes type', async () => {
    output = dailyOutput();
    const asNumber = corpusFinding('Delete Group');
    asNumber.alert.output_fields = { 'fd.lport': 8080, 'proc.name': 'nc' };
    const asString = corpusFinding('Delete Group');
    asString.id = 'as-string';
    asString.alert.output_fields = { 'fd.lport': 'http-alt', proc: 'nc' };
    const asNull = corpusFinding('Delete Group');
    asNull.id = 'as-null';
    asNull.alert.output_fields = { 'fd.lport': null, 'proc.name': ['a', 'b'] };

    const result = await output.send([asNumber, asString, asNull]);

    expect(result.failed).toEqual([]);
    expect(server.documents).toHaveLength(3);
  });

  it('reports failed items one by one', async () => {
    output = dailyOutput();
    const findings = corpusFindings().slice(0, 4);
    server.failNextItems({ status: 429, where: (operation) => operation.id === findings[1].id });
    server.failNextItems({
      status: 400,
      type: 'mapper_parsing_exception',
      reason: 'failed to parse',
      where: (operation) => operation.id === findings[3].id,
    });

    const result = await output.send(findings);

    expect(result.failed).toEqual([
      {
        finding: findings[1],
        reason: expect.stringContaining('429 es_rejected_execution_exception'),
        retryable: true,
      },
      {
        finding: findings[3],
        reason: 'bulk item failed with 400 mapper_parsing_exception: failed to parse',
        retryable: false,
      },
    ]);
    expect(server.documents.map((document) => document.id)).toEqual([
      findings[0].id,
      findings[2].id,
    ]);
  });

  it('reports a bulk whose only failures are 429 items as rate limited', async () => {
    output = dailyOutput();
    const findings = corpusFindings().slice(0, 3);
    server.failNextItems({ status: 429, where: (operation) => operation.id === findings[1].id });

    const result = await output.send(findings);

    expect(result.failed.map((failure) => failure.finding)).toEqual([findings[1]]);
    expect(result.rateLimited).toBe(true);
  });

  it('writes data streams with create', async () => {
    output = new ElasticsearchOutput({
      name: 'stream',
      url: server.url,
      target: { kind: 'dataStream', name: 'talaria-findings-stream' },
    });
    const finding = corpusFinding('Delete Group');

    const first = await output.send([finding]);
    const replay = await output.send([finding]);

    expect(first.failed).toEqual([]);
    expect(replay.failed).toEqual([]);
    expect(server.documents).toHaveLength(1);
    expect(server.documents[0]).toMatchObject({
      dataStream: 'talaria-findings-stream',
      action: 'create',
    });
    expect(server.template('talaria-findings-stream')).toMatchObject({
      index_patterns: ['talaria-findings-stream'],
      data_stream: {},
    });
  });

  it('returns Retry-After of a rejected request', async () => {
    output = dailyOutput();
    await output.send([corpusFinding('Delete Group')]);
    server.failNextRequests({ status: 429, headers: { 'Retry-After': '7' }, route: 'bulk' });
    const findings = corpusFindings().slice(0, 2);

    const result = await output.send(findings);

    expect(result.retryAfterMs).toBe(7000);
    expect(result.rateLimited).toBe(true);
    expect(result.failed.map((failure) => failure.finding)).toEqual(findings);
    expect(result.failed[0]).toMatchObject({
      retryable: true,
      reason: expect.stringContaining(
        'bulk request failed with 429 es_rejected_execution_exception',
      ),
    });
  });

  it('fails later chunks with an earlier one', async () => {
    output = dailyOutput({ maxBulkBytes: 1024 });
    await output.send([corpusFinding('Delete Group')]);
    const findings = corpusFindings().slice(0, 6);
    server.failNextRequests({ status: 503, route: 'bulk' });

    const result = await output.send(findings);

    expect(result.failed.map((failure) => failure.finding.id)).toEqual(
      findings.map((finding) => finding.id),
    );
    expect(result.failed.every((failure) => failure.retryable)).toBe(true);
  });

  it('retries a failed template install', async () => {
    output = dailyOutput();
    server.failNextRequests({ status: 503, route: 'template' });

    const failure = await output.send([corpusFinding('Delete Group')]).catch((error) => error);
    const result = await output.send([corpusFinding('Delete Group')]);

    expect(failure).toBeInstanceOf(DeliveryError);
    expect((failure as DeliveryError).retryable).toBe(true);
    expect((failure as DeliveryError).message).toContain(
      'installing index template talaria-findings failed with 503',
    );
    expect(result.failed).toEqual([]);
  });

  it('rejects a conflicting template for good', async () => {
    await fetch(`${server.url}/_index_template/someone-else`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ index_patterns: ['talaria-*'], priority: 200 }),
    });
    output = dailyOutput();

    const failure = (await output
      .send([corpusFinding('Delete Group')])
      .catch((error) => error)) as DeliveryError;

    expect(failure.retryable).toBe(false);
    expect(failure.message).toContain('same priority');
    expect(failure.message).toContain('installTemplate: false');
    expect(server.documents).toHaveLength(0);
  });

  it('rejects a server that is not Elasticsearch', async () => {
    const impostor = await startElasticsearchServer({ omitProductHeader: true });
    output = new ElasticsearchOutput({
      name: 'search',
      url: impostor.url,
      target: { kind: 'daily', prefix: 'talaria-findings' },
      installTemplate: false,
    });
    try {
      const result = await output.send([corpusFinding('Delete Group')]);

      expect(result.failed[0].retryable).toBe(false);
      expect(result.failed[0].reason).toContain('did not identify as Elasticsearch');
    } finally {
      await impostor.close();
    }
  });

  it('authenticates with an API key', async () => {
    const secured = await startElasticsearchServer({ apiKey: 'test-api-key' });
    const unauthenticated = new ElasticsearchOutput({
      name: 'search',
      url: secured.url,
      target: { kind: 'daily', prefix: 'talaria-findings' },
    });
    output = new ElasticsearchOutput({
      name: 'search',
      url: secured.url,
      target: { kind: 'daily', prefix: 'talaria-findings' },
      auth: { apiKey: 'test-api-key' },
    });
    try {
      const rejected = (await unauthenticated
        .send([corpusFinding('Delete Group')])
        .catch((error) => error)) as DeliveryError;
      const result = await output.send([corpusFinding('Delete Group')]);

      expect(rejected.retryable).toBe(false);
      expect(rejected.message).toContain('401 security_exception');
      expect(rejected.message).toContain('check apiKey');
      expect(result.failed).toEqual([]);
      expect(secured.requests.at(-1)?.headers.authorization).toBe('ApiKey test-api-key');
    } finally {
      await unauthenticated.close();
      await secured.close();
    }
  });

  it('retries when the node is unreachable', async () => {
    // The replacement starts before the old server closes, so it cannot be given the old port.
    const unreachable = server;
    server = await startElasticsearchServer();
    await unreachable.close();
    const url = unreachable.url;
    output = new ElasticsearchOutput({
      name: 'search',
      url,
      target: { kind: 'daily', prefix: 'talaria-findings' },
      installTemplate: false,
    });

    const result = await output.send([corpusFinding('Delete Group')]);

    expect(result.failed[0].retryable).toBe(true);
    expect(result.failed[0].reason).toContain('ConnectionError');
  });
});
