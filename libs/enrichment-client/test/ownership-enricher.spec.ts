import { Registry } from 'prom-client';
import { Writable } from 'node:stream';
import { createLogger } from '@talaria/telemetry';
import type { RecordingServer } from '@talaria/testing';
import { OwnershipEnricher, type OwnershipEnricherOptions } from '../src';
import { findingFor, paymentsApiFinding } from './findings';
import { identitiesOf, READ_TOKEN, startResolveServer } from './resolve-server';

function quietLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ level: 'info', destination: sink }), lines };
}

async function metricValue(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((item) => item.name === name);
  const values = (metric?.values ?? []) as Array<{
    value: number;
    labels: Record<string, string | number>;
  }>;
  return values
    .filter((item) => Object.entries(labels).every(([key, value]) => item.labels[key] === value))
    .reduce((sum, item) => sum + item.value, 0);
}

describe('OwnershipEnricher', () => {
  let server: RecordingServer;
  let registry: Registry;

  beforeEach(async () => {
    server = await startResolveServer();
    registry = new Registry();
  });

  // Some tests close the server themselves.
  afterEach(() => server.close().catch(() => undefined));

  function enricher(overrides: Partial<OwnershipEnricherOptions> = {}, now?: () => number) {
    const { logger, lines } = quietLogger();
    const instance = new OwnershipEnricher(
      { url: server.url, token: READ_TOKEN, logger, registry, ...overrides },
      now,
    );
    return { instance, logLines: lines };
  }

  it('attaches the owner the API returns', async () => {
    const { instance } = enricher();

    const owner = await instance.enrich(paymentsApiFinding());

    expect(owner).toEqual({
      status: 'known',
      service: 'payments-api',
      team: 'payments-team',
      slackChannel: '#payments-alerts',
      escalationContact: 'pagerduty:payments-primary',
      criticality: 'tier-1',
      matchedBy: 'workload',
      vulnerabilities: { critical: 1, high: 2, medium: 0, low: 0, unknown: 0 },
      awsAccounts: ['111122223333'],
    });
    expect(server.requests[0].path).toBe('/v1/resolve');
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${READ_TOKEN}`);
  });

  it('passes the reason of an unknown owner on', async () => {
    const { instance } = enricher();

    const owner = await instance.enrich(findingFor({ namespace: 'scratch', pod: 'debug' }));

    expect(owner).toEqual({ status: 'unknown', reason: 'no placement matches namespace scratch' });
    expect(
      await metricValue(registry, 'talaria_enrichment_owner_total', { status: 'unknown' }),
    ).toBe(1);
  });

  it('batches concurrent lookups into one request', async () => {
    const { instance } = enricher({ batchWindowMs: 20 });
    const findings = [
      paymentsApiFinding('payments-api-7d9f8c6b5-x2k4q'),
      paymentsApiFinding('payments-api-7d9f8c6b5-q8jvz'),
      findingFor({
        namespace: 'checkout',
        pod: 'checkout-web-bm94hb886-2ckfh',
        workloadName: 'checkout-web',
      }),
    ];

    const owners = await Promise.all(findings.map((finding) => instance.enrich(finding)));

    expect(server.requests).toHaveLength(1);
    // The two payments-api pods share a workload, so they share one identity.
    expect(identitiesOf(server.requests[0])).toHaveLength(2);
    expect(owners.map((owner) => owner.status)).toEqual(['known', 'known', 'unknown']);
  });

  it('answers repeats from the cache', async () => {
    const { instance } = enricher();

    await instance.enrich(paymentsApiFinding());
    const second = await instance.enrich(paymentsApiFinding('payments-api-7d9f8c6b5-zzzzz'));

    expect(second.status).toBe('known');
    expect(server.requests).toHaveLength(1);
    expect(await metricValue(registry, 'talaria_enrichment_cache_total', { result: 'hit' })).toBe(
      1,
    );
    expect(await metricValue(registry, 'talaria_enrichment_cache_total', { result: 'miss' })).toBe(
      1,
    );
  });

  it('caches unknown owners for the shorter time', async () => {
    let now = 1_000_000;
    const { instance } = enricher({ cacheTtlMs: 60_000, negativeCacheTtlMs: 5_000 }, () => now);
    const unknownFinding = () => findingFor({ namespace: 'scratch', pod: 'debug' });

    await instance.enrich(unknownFinding());
    await instance.enrich(paymentsApiFinding());
    now += 4_000;
    await instance.enrich(unknownFinding());
    await instance.enrich(paymentsApiFinding());
    expect(server.requests).toHaveLength(2);

    now += 2_000;
    await instance.enrich(unknownFinding());
    await instance.enrich(paymentsApiFinding());
    expect(server.requests).toHaveLength(3);
    expect(identitiesOf(server.requests[2])[0].namespace).toBe('scratch');
  });

  it('gives up at the timeout and marks the finding', async () => {
    server.respondNext({ status: 200, body: { results: [] }, delayMs: 1_000 });
    const { instance } = enricher({ timeoutMs: 50 });

    const started = Date.now();
    const owner = await instance.enrich(paymentsApiFinding());

    expect(Date.now() - started).toBeLessThan(500);
    expect(owner).toEqual({ status: 'unknown', reason: 'ownership lookup timed out after 50 ms' });
    expect(await metricValue(registry, 'talaria_enrichment_timeouts_total')).toBe(1);
  });

  it('marks findings when the API fails', async () => {
    server.respondNext({ status: 503, body: { error: 'database unavailable' } });
    const { instance, logLines } = enricher();

    const owner = await instance.enrich(paymentsApiFinding());

    expect(owner.status).toBe('unknown');
    expect((owner as { reason: string }).reason).toContain('ownership lookup failed: HTTP 503');
    expect(
      await metricValue(registry, 'talaria_enrichment_failures_total', { reason: 'http_status' }),
    ).toBe(1);
    expect(logLines.join('')).toContain('ownership lookup failed');
  });

  it('rejects answers of the wrong shape', async () => {
    server.respondNext({ status: 200, body: { results: [{ status: 'maybe' }] } });
    const { instance } = enricher();

    const owner = await instance.enrich(paymentsApiFinding());

    expect(owner.status).toBe('unknown');
    expect(
      await metricValue(registry, 'talaria_enrichment_failures_total', { reason: 'bad_response' }),
    ).toBe(1);
  });

  it('opens the circuit after repeated failures', async () => {
    server.respondNext({ status: 500, body: { error: 'boom' } }, 3);
    const { instance } = enricher({ failureThreshold: 2, circuitCooldownMs: 60_000 });

    await instance.enrich(findingFor({ namespace: 'a' }));
    await instance.enrich(findingFor({ namespace: 'b' }));
    const owner = await instance.enrich(findingFor({ namespace: 'c' }));

    expect(server.requests).toHaveLength(2);
    expect(owner).toEqual({
      status: 'unknown',
      reason: 'ownership API unavailable: circuit open after repeated failures',
    });
    expect(
      await metricValue(registry, 'talaria_enrichment_failures_total', { reason: 'circuit_open' }),
    ).toBe(1);
    expect(await metricValue(registry, 'talaria_enrichment_circuit_open')).toBe(1);
  });

  it('closes the circuit when a trial succeeds', async () => {
    let now = 0;
    server.respondNext({ status: 500, body: { error: 'boom' } }, 2);
    const { instance } = enricher({ failureThreshold: 2, circuitCooldownMs: 1_000 }, () => now);

    await instance.enrich(findingFor({ namespace: 'a' }));
    await instance.enrich(findingFor({ namespace: 'b' }));
    now += 1_000;
    const owner = await instance.enrich(paymentsApiFinding());

    expect(owner.status).toBe('known');
    expect(await metricValue(registry, 'talaria_enrichment_circuit_open')).toBe(0);
  });

  it('marks findings fast when nothing listens', async () => {
    const url = server.url;
    await server.close();
    const { logger } = quietLogger();
    const instance = new OwnershipEnricher({ url, token: READ_TOKEN, logger, registry });

    const owner = await instance.enrich(paymentsApiFinding());

    expect(owner.status).toBe('unknown');
    expect((owner as { reason: string }).reason).toContain('ownership lookup failed');
    expect(
      await metricValue(registry, 'talaria_enrichment_failures_total', { reason: 'network' }),
    ).toBe(1);
  });

  it('skips findings with nothing to look up', async () => {
    const { instance } = enricher();

    const owner = await instance.enrich(findingFor({ user: 'okta-admin@acme.example' }));

    expect(owner).toEqual({
      status: 'unknown',
      reason: 'the finding names no namespace, pod, workload, image or AWS account',
    });
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    [{ timeoutMs: 0 }, 'enrichment timeoutMs must be a whole number from 1 to 60000; got 0'],
    [
      { maxBatchSize: 501 },
      'enrichment maxBatchSize must be a whole number from 1 to 500; got 501',
    ],
    [
      { url: 'ownership-api:2802' },
      'enrichment url "ownership-api:2802" is not an absolute http(s) URL',
    ],
    [{ token: '' }, 'enrichment token is empty'],
  ])('rejects option %j', (override, message) => {
    expect(() => enricher(override)).toThrow(message);
  });
});
