import { Client, errors } from '@elastic/elasticsearch';

import { startElasticsearchServer, type ElasticsearchServer } from './elasticsearch-server';

describe('startElasticsearchServer', () => {
  let server: ElasticsearchServer;
  let client: Client;

  beforeEach(async () => {
    server = await startElasticsearchServer();
    client = new Client({ node: server.url, maxRetries: 0 });
  });

  afterEach(async () => {
    await client.close();
    await server.close();
  });

  it('answers info with the product header', async () => {
    const info = await client.info();
    const response = await fetch(server.url);

    expect(info.version.number).toBe('9.1.0');
    expect(info.tagline).toBe('You Know, for Search');
    expect(response.headers.get('x-elastic-product')).toBe('Elasticsearch');
  });

  it('indexes bulk documents with per-item results', async () => {
    const result = await client.bulk({
      operations: [
        { index: { _index: 'findings-2025.03.11', _id: 'a' } },
        { rule: 'Delete Group', count: 1 },
        { create: { _index: 'findings-2025.03.11', _id: 'b' } },
        { rule: 'Update Lambda Function Code', count: 2 },
      ],
    });

    expect(result.errors).toBe(false);
    expect(result.items.map((item) => Object.values(item)[0].status)).toEqual([201, 201]);
    expect(server.documents.map((document) => [document.index, document.id])).toEqual([
      ['findings-2025.03.11', 'a'],
      ['findings-2025.03.11', 'b'],
    ]);
    expect(server.documents[1].source).toEqual({ rule: 'Update Lambda Function Code', count: 2 });
  });

  it('keeps the exact source text', async () => {
    const line = '{"evt.time":1741673282000000001}';
    await client.bulk({ operations: ['{"index":{"_index":"exact","_id":"x"}}', line] });

    expect(server.documents[0].sourceText).toBe(line);
  });

  it('rejects a create of an existing id with 409', async () => {
    await client.bulk({ operations: [{ create: { _index: 'i', _id: 'same' } }, { a: 1 }] });
    const result = await client.bulk({
      operations: [{ create: { _index: 'i', _id: 'same' } }, { a: 1 }],
    });

    const item = result.items[0].create!;
    expect(result.errors).toBe(true);
    expect(item.status).toBe(409);
    expect(item.error?.type).toBe('version_conflict_engine_exception');
  });

  it('maps new fields dynamically and rejects conflicts', async () => {
    const result = await client.bulk({
      operations: [
        { index: { _index: 'dynamic', _id: '1' } },
        { fields: { 'proc.pid': 42 } },
        { index: { _index: 'dynamic', _id: '2' } },
        { fields: { 'proc.pid': 'not a number' } },
        { index: { _index: 'dynamic', _id: '3' } },
        { fields: { proc: 'a concrete value' } },
      ],
    });

    const [first, second, third] = result.items.map((item) => item.index!);
    expect(first.status).toBe(201);
    expect(second.status).toBe(400);
    expect(second.error?.type).toBe('document_parsing_exception');
    expect(second.error?.reason).toContain(
      'failed to parse field [fields.proc.pid] of type [long]',
    );
    expect(third.status).toBe(400);
    expect(third.error?.reason).toContain('tried to parse field [fields.proc] as object');
    expect(server.mappingOf('dynamic')).toMatchObject({
      properties: { fields: { properties: { proc: { properties: { pid: { type: 'long' } } } } } },
    });
  });

  it('applies the matching index template', async () => {
    await client.indices.putIndexTemplate({
      name: 'findings',
      index_patterns: ['findings-*'],
      priority: 200,
      template: {
        mappings: {
          dynamic: false,
          properties: {
            fields: { type: 'flattened', ignore_above: 100 },
            rule: { type: 'keyword' },
          },
        },
      },
    });
    const result = await client.bulk({
      operations: [
        { index: { _index: 'findings-1', _id: '1' } },
        { rule: 'r', fields: { 'proc.pid': 42 }, extra: { x: 1 } },
        { index: { _index: 'findings-1', _id: '2' } },
        { rule: 'r', fields: { 'proc.pid': 'text', proc: 'value' }, extra: 'now a string' },
        { index: { _index: 'findings-1', _id: '3' } },
        { rule: { an: 'object' } },
      ],
    });

    expect(result.items.map((item) => item.index!.status)).toEqual([201, 201, 400]);
    expect(server.template('findings')?.priority).toBe(200);
    expect(server.mappingOf('findings-1')?.properties?.extra).toBeUndefined();
  });

  it('rejects immense keyword terms unless ignore_above is set', async () => {
    await client.indices.putIndexTemplate({
      name: 'terms',
      index_patterns: ['terms-*'],
      template: {
        mappings: {
          properties: {
            bounded: { type: 'flattened', ignore_above: 1000 },
            unbounded: { type: 'keyword' },
          },
        },
      },
    });
    const huge = 'x'.repeat(40_000);
    const result = await client.bulk({
      operations: [
        { index: { _index: 'terms-1' } },
        { bounded: { cmdline: huge } },
        { index: { _index: 'terms-1' } },
        { unbounded: huge },
      ],
    });

    expect(result.items[0].index!.status).toBe(201);
    expect(result.items[1].index!.status).toBe(400);
    expect(result.items[1].index!.error?.reason).toContain('immense term');
  });

  it('writes data streams with create only', async () => {
    await client.indices.putIndexTemplate({
      name: 'stream',
      index_patterns: ['talaria-stream'],
      data_stream: {},
      template: { mappings: { properties: { '@timestamp': { type: 'date_nanos' } } } },
    });
    const result = await client.bulk({
      operations: [
        { create: { _index: 'talaria-stream', _id: '1' } },
        { '@timestamp': '2025-03-11T06:08:02.000000001Z' },
        { index: { _index: 'talaria-stream', _id: '2' } },
        { '@timestamp': '2025-03-11T06:08:02.000000001Z' },
        { create: { _index: 'talaria-stream', _id: '3' } },
        { note: 'no timestamp' },
      ],
    });

    const [created, indexed, missingTimestamp] = result.items.map((item) => Object.values(item)[0]);
    expect(created.status).toBe(201);
    expect(created._index).toMatch(/^\.ds-talaria-stream-\d{4}\.\d{2}\.\d{2}-000001$/);
    expect(indexed.status).toBe(400);
    expect(indexed.error?.reason).toContain('op_type of create');
    expect(missingTimestamp.status).toBe(400);
    expect(missingTimestamp.error?.reason).toContain('[@timestamp] is missing');
    expect(server.documents.map((document) => document.dataStream)).toEqual(['talaria-stream']);
  });

  it('plays scripted item failures', async () => {
    server.failNextItems({ status: 429 });
    server.failNextItems({
      status: 400,
      type: 'mapper_parsing_exception',
      reason: 'bad field',
      where: (operation) => operation.id === 'c',
    });
    const result = await client.bulk({
      operations: [
        { index: { _index: 'i', _id: 'a' } },
        {},
        { index: { _index: 'i', _id: 'b' } },
        {},
        { index: { _index: 'i', _id: 'c' } },
        {},
      ],
    });

    const [a, b, c] = result.items.map((item) => item.index!);
    expect(a.status).toBe(429);
    expect(a.error?.type).toBe('es_rejected_execution_exception');
    expect(b.status).toBe(201);
    expect(c.status).toBe(400);
    expect(c.error).toEqual({ type: 'mapper_parsing_exception', reason: 'bad field' });
  });

  it('plays scripted request failures', async () => {
    server.failNextRequests({ status: 429, headers: { 'Retry-After': '3' }, route: 'bulk' });

    const failure = await client
      .bulk({ operations: [{ index: { _index: 'i' } }, {}] })
      .catch((error: unknown) => error);
    const retried = await client.bulk({ operations: [{ index: { _index: 'i' } }, {}] });

    expect(failure).toBeInstanceOf(errors.ResponseError);
    const meta = (failure as errors.ResponseError).meta;
    expect(meta.statusCode).toBe(429);
    expect(meta.headers?.['retry-after']).toBe('3');
    expect((failure as errors.ResponseError).body).toMatchObject({
      error: { type: 'es_rejected_execution_exception' },
      status: 429,
    });
    expect(retried.errors).toBe(false);
  });

  it('rejects an unsupported compatible-with version', async () => {
    const response = await fetch(`${server.url}/_bulk`, {
      method: 'POST',
      headers: {
        accept: 'application/vnd.elasticsearch+json; compatible-with=7',
        'content-type': 'application/vnd.elasticsearch+x-ndjson; compatible-with=7',
      },
      body: '{"index":{"_index":"i"}}\n{}\n',
    });

    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe(
      'media_type_header_exception',
    );
  });

  it('rejects a bulk body without a final newline', async () => {
    const response = await fetch(`${server.url}/_bulk`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: '{"index":{"_index":"i"}}\n{}',
    });

    expect(response.status).toBe(400);
    expect(server.documents).toHaveLength(0);
  });
});

describe('startElasticsearchServer with credentials', () => {
  it('requires the configured API key', async () => {
    const server = await startElasticsearchServer({ apiKey: 'test-key' });
    const withKey = new Client({ node: server.url, auth: { apiKey: 'test-key' }, maxRetries: 0 });
    const withoutKey = new Client({ node: server.url, maxRetries: 0 });
    try {
      const info = await withKey.info();
      const failure = await withoutKey.info().catch((error: unknown) => error);

      expect(info.cluster_name).toBe('talaria-test');
      expect((failure as errors.ResponseError).meta.statusCode).toBe(401);
      expect((failure as errors.ResponseError).message).toMatch(/^security_exception/);
    } finally {
      await withKey.close();
      await withoutKey.close();
      await server.close();
    }
  });

  it('omits the product header when asked', async () => {
    const server = await startElasticsearchServer({ omitProductHeader: true });
    const client = new Client({ node: server.url, maxRetries: 0 });
    try {
      const failure = await client.info().catch((error: unknown) => error);

      expect(failure).toBeInstanceOf(errors.ProductNotSupportedError);
    } finally {
      await client.close();
      await server.close();
    }
  });
});
