import { createServer } from 'node:net';
import { startRecordingServer, type RecordingServer } from '@talaria/testing';
import { syscallAlert } from './support/alerts';
import {
  counterValue,
  eventually,
  startTestForwarder,
  type TestForwarder,
} from './support/test-forwarder';

const ENRICHMENT_TOKEN = 'enrichment-read-token-0123456789';

/** Returns a loopback port that nothing listens on, taken from the system and then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function forwarderEnrichedFrom(url: string, timeoutMs = 200): Promise<TestForwarder> {
  process.env.TEST_ENRICHMENT_TOKEN = ENRICHMENT_TOKEN;
  return startTestForwarder((config) => {
    config.enrichment = { url, token: { env: 'TEST_ENRICHMENT_TOKEN' }, timeoutMs };
  });
}

function owners(forwarder: TestForwarder): Array<Record<string, unknown>> {
  return forwarder
    .readOutput()
    .map((line) => (JSON.parse(line) as { owner: Record<string, unknown> }).owner);
}

describe('forwarder enrichment', () => {
  let forwarder: TestForwarder | undefined;
  let api: RecordingServer | undefined;

  afterEach(async () => {
    await forwarder?.stop();
    await api?.close();
    forwarder = undefined;
    api = undefined;
  });

  it('attaches the owner the ownership API returns', async () => {
    api = await startRecordingServer({
      responder: (request) => ({
        status: 200,
        body: {
          results: (request.json() as { identities: unknown[] }).identities.map(() => ({
            status: 'known',
            matchedBy: 'workload',
            service: { name: 'payments-api' },
            team: { name: 'payments-team' },
            contacts: { slackChannel: '#payments-alerts' },
            criticality: 'tier-1',
          })),
        },
      }),
    });
    forwarder = await forwarderEnrichedFrom(api.url);

    await forwarder.post(syscallAlert());
    await eventually(() => forwarder!.readOutput().length === 1, 'the finding is delivered');

    expect(owners(forwarder)[0]).toEqual({
      status: 'known',
      service: 'payments-api',
      team: 'payments-team',
      slackChannel: '#payments-alerts',
      criticality: 'tier-1',
      matchedBy: 'workload',
    });
    expect(api.requests[0].headers.authorization).toBe(`Bearer ${ENRICHMENT_TOKEN}`);
  });

  it('keeps delivering while the ownership API is down', async () => {
    forwarder = await forwarderEnrichedFrom(`http://127.0.0.1:${await closedPort()}`);

    for (const pod of [
      'payments-api-7d9f8c6b5-x2k4q',
      'checkout-web-bm94hb886-2ckfh',
      'payments-db-1',
    ]) {
      expect((await forwarder.post(syscallAlert({ pod }))).status).toBe(200);
    }
    await eventually(
      () => forwarder!.readOutput().length === 3,
      'all three findings are delivered',
    );

    for (const owner of owners(forwarder)) {
      expect(owner.status).toBe('unknown');
      expect(String(owner.reason)).toMatch(/^ownership lookup failed|^ownership API unavailable/);
    }
    const metrics = await forwarder.metricsText();
    expect(counterValue(metrics, 'talaria_enrichment_failures_total')).toBe(3);
    expect(counterValue(metrics, 'talaria_enrichment_owner_total', { status: 'unknown' })).toBe(3);
  });

  it('does not hold a finding beyond the timeout', async () => {
    api = await startRecordingServer({
      defaultResponse: { status: 200, body: { results: [] }, delayMs: 3_000 },
    });
    forwarder = await forwarderEnrichedFrom(api.url, 100);

    const postedAt = Date.now();
    await forwarder.post(syscallAlert());
    await eventually(() => forwarder!.readOutput().length === 1, 'the finding is delivered', 2_000);

    expect(Date.now() - postedAt).toBeLessThan(2_000);
    expect(owners(forwarder)[0]).toEqual({
      status: 'unknown',
      reason: 'ownership lookup timed out after 100 ms',
    });
    expect(counterValue(await forwarder.metricsText(), 'talaria_enrichment_timeouts_total')).toBe(
      1,
    );
  });
});
