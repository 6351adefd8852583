import { startElasticsearchServer, type ElasticsearchServer } from '@talaria/testing';

import { ElasticsearchOutput } from '../src/adapters/elasticsearch/elasticsearch-output';
import { channelHarness, gapsBetween } from './support/channel-harness';
import { corpusFindings } from './support/corpus-findings';

describe('Elasticsearch delivery under failure', () => {
  let server: ElasticsearchServer;
  let output: ElasticsearchOutput;

  beforeEach(async () => {
    server = await startElasticsearchServer();
    output = new ElasticsearchOutput({
      name: 'search',
      url: server.url,
      target: { kind: 'daily', prefix: 'talaria-findings' },
    });
  });

  afterEach(async () => {
    await output.close();
    await server.close();
  });

  const bulkRequestTimes = (): number[] =>
    server.requests
      .filter((request) => request.path === '/_bulk')
      .map((request) => request.receivedAt);

  it('retries a rejected item then delivers', async () => {
    const harness = channelHarness(output);
    const [first, second] = corpusFindings();
    server.failNextItems({ status: 429, where: (operation) => operation.id === second.id }, 2);

    const outcomes = await Promise.all([harness.deliver(first), harness.deliver(second)]);

    expect(outcomes).toEqual(['delivered', 'delivered']);
    expect(bulkRequestTimes()).toHaveLength(3);
    const secondWrites = server.requests.filter((request) => request.body.includes(second.id));
    expect(secondWrites).toHaveLength(3);
    const firstWrites = server.requests.filter((request) => request.body.includes(first.id));
    expect(firstWrites).toHaveLength(1);
    expect(await harness.counter('talaria_output_retries_total')).toBe(2);
    expect(harness.deadLetter.records).toHaveLength(0);
  });

  it('waits for Retry-After', async () => {
    const harness = channelHarness(output);
    server.failNextRequests({ status: 429, headers: { 'Retry-After': '1' }, route: 'bulk' });

    const outcome = await harness.deliver(corpusFindings()[0]);

    expect(outcome).toBe('delivered');
    const [gap] = gapsBetween(bulkRequestTimes());
    expect(gap).toBeGreaterThanOrEqual(950);
  });

  it('backs off exponentially', async () => {
    const harness = channelHarness(output, {
      random: () => 0.999,
      retry: { initialDelayMs: 40, maxDelayMs: 10_000, maxAttempts: 5 },
    });
    server.failNextRequests({ status: 503, route: 'bulk' }, 3);

    const outcome = await harness.deliver(corpusFindings()[0]);

    expect(outcome).toBe('delivered');
    const gaps = gapsBetween(bulkRequestTimes());
    expect(gaps).toHaveLength(3);
    expect(gaps[0]).toBeGreaterThanOrEqual(35);
    expect(gaps[1]).toBeGreaterThanOrEqual(75);
    expect(gaps[2]).toBeGreaterThanOrEqual(155);
  });

  it('dead-letters a mapping error at once', async () => {
    const harness = channelHarness(output);
    const [good, bad] = corpusFindings();
    server.failNextItems({
      status: 400,
      type: 'mapper_parsing_exception',
      reason: 'failed to parse field [alert.output_fields]',
      where: (operation) => operation.id === bad.id,
    });

    const outcomes = await Promise.all([harness.deliver(good), harness.deliver(bad)]);

    expect(outcomes).toEqual(['delivered', 'dead_lettered']);
    expect(harness.deadLetter.records).toHaveLength(1);
    expect(harness.deadLetter.records[0]).toMatchObject({
      output: 'search',
      reason: 'not_retryable',
      attempts: 1,
      lastError:
        'bulk item failed with 400 mapper_parsing_exception: failed to parse field [alert.output_fields]',
    });
    expect(harness.deadLetter.records[0].finding.id).toBe(bad.id);
    expect(
      await harness.counter('talaria_output_dead_lettered_total', { reason: 'not_retryable' }),
    ).toBe(1);
  });

  it('dead-letters after the last attempt', async () => {
    const harness = channelHarness(output, { retry: { maxAttempts: 3 } });
    server.failNextRequests({ status: 503, route: 'bulk' }, 10);

    const outcome = await harness.deliver(corpusFindings()[0]);

    expect(outcome).toBe('dead_lettered');
    expect(bulkRequestTimes()).toHaveLength(3);
    expect(harness.deadLetter.records[0]).toMatchObject({
      reason: 'retries_exhausted',
      attempts: 3,
      lastError: expect.stringContaining('bulk request failed with 503 cluster_block_exception'),
    });
    expect(server.documents).toHaveLength(0);
  });
});
