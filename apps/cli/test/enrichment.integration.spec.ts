// Runs a real ownership API (PGlite, seeded from samples/catalog) and a real
// forwarder that enriches from it, then takes the API away mid-stream.
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig, startForwarder, type RunningForwarder } from '@talaria/forwarder';
import { createLogger } from '@talaria/telemetry';
import { startSampleOwnershipApi, type SampleOwnershipApi } from '../src/quickstart-ownership';

const REPOSITORY_ROOT = join(__dirname, '..', '..', '..');
const INGEST_TOKEN = 'enrichment-test-ingest-token-0123';

function discard(): Writable {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}

function syscallAlert(namespace: string, pod: string, image: string): string {
  return JSON.stringify({
    hostname: 'ip-198-51-100-11.eu-west-1.compute.internal',
    output: `08:14:02.513287004: Notice A shell was spawned in a container (pod=${pod})`,
    output_fields: {
      'container.id': '3ad7b26ded6d',
      'container.image.repository': image,
      'container.image.tag': '1.0.0',
      'k8s.ns.name': namespace,
      'k8s.pod.name': pod,
      'proc.name': 'bash',
    },
    priority: 'Notice',
    rule: 'Terminal shell in container',
    source: 'syscall',
    tags: ['container', 'shell'],
    time: '2025-03-11T08:14:02.513287004Z',
  });
}

async function eventually(
  check: () => boolean,
  message: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out: ${message}`);
}

describe('forwarder with the ownership API', () => {
  let ownership: SampleOwnershipApi;
  let forwarder: RunningForwarder;
  let outputPath: string;

  beforeAll(async () => {
    ownership = await startSampleOwnershipApi(
      join(REPOSITORY_ROOT, 'samples', 'catalog'),
      discard(),
    );
    const directory = mkdtempSync(join(tmpdir(), 'talaria-enrichment-'));
    outputPath = join(directory, 'findings.ndjson');
    process.env.ENRICHMENT_TEST_INGEST_TOKEN = INGEST_TOKEN;

    const config = loadConfig({
      env: { ENRICHMENT_TEST_INGEST_TOKEN: INGEST_TOKEN },
      overrides: {
        cluster: 'prod-eu-west-1',
        'listen.host': '127.0.0.1',
        'listen.port': 0,
        'spool.directory': join(directory, 'spool'),
        'deadLetter.path': join(directory, 'dead-letter.ndjson'),
        'shutdown.graceSeconds': 5,
        'enrichment.url': ownership.api.url,
        'enrichment.token': ownership.readToken,
        'enrichment.timeoutMs': 500,
      },
    });
    config.auth.tokens = [{ name: 'test', token: { env: 'ENRICHMENT_TEST_INGEST_TOKEN' } }];
    config.outputs = [
      { name: 'file', type: 'file', path: outputPath, minPriority: 'Debug', lingerMs: 1 },
    ];
    forwarder = await startForwarder(config, {
      logger: createLogger({ level: 'silent', destination: discard() }),
    });
  }, 60_000);

  afterAll(async () => {
    await forwarder.stop();
    await ownership.api.stop();
  });

  const post = (body: string) =>
    fetch(`${forwarder.url}/v1/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${INGEST_TOKEN}` },
      body,
    });
  // The forwarder may be writing while this reads: a last line without its newline waits.
  const owners = () => {
    if (!existsSync(outputPath)) return [];
    const text = readFileSync(outputPath, 'utf8');
    return text
      .slice(0, text.lastIndexOf('\n') + 1)
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => (JSON.parse(line) as { owner: Record<string, unknown> }).owner);
  };

  it('attributes findings to the owners in the catalog', async () => {
    await post(
      syscallAlert('payments', 'payments-api-lsn8vgzbk-crzhm', 'ghcr.io/acme/payments-api'),
    );
    await post(syscallAlert('loadtest', 'locust-master-x6bxxvg57-ztcsn', 'locustio/locust'));
    await eventually(() => owners().length === 2, 'two findings are delivered');

    const [paymentsApi, loadTest] = owners();
    expect(paymentsApi).toMatchObject({
      status: 'known',
      service: 'payments-api',
      team: 'payments-team',
      slackChannel: '#payments-api',
      criticality: 'tier-1',
      matchedBy: 'workload',
      awsAccounts: ['111122223333'],
    });
    expect(paymentsApi.vulnerabilities).toEqual({
      critical: 1,
      high: 1,
      medium: 1,
      low: 0,
      unknown: 0,
    });
    expect(loadTest).toMatchObject({
      status: 'known',
      service: 'checkout-load-tests',
      matchedBy: 'namespace',
    });
  });

  it('keeps delivering, marked, once the API is gone', async () => {
    await ownership.api.stop();

    for (const pod of [
      'checkout-web-87qpn8vzfj-6j969',
      'payments-db-0',
      'coredns-42kdmzkj2-4nkv9',
    ]) {
      expect((await post(syscallAlert('checkout', pod, 'ghcr.io/acme/checkout-web'))).status).toBe(
        200,
      );
    }
    await eventually(() => owners().length === 5, 'the three later findings are delivered too');

    for (const owner of owners().slice(2)) {
      expect(owner.status).toBe('unknown');
      expect(String(owner.reason)).toContain('ownership lookup failed');
    }
  });
});
