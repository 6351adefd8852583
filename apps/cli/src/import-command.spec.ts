import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import {
  loadOwnershipConfig,
  startOwnershipApi,
  type RunningOwnershipApi,
} from '@talaria/ownership-api';
import { createServer } from 'node:net';
import { runImportCommand } from './import-command';

const REPOSITORY = join(__dirname, '..', '..', '..');
const SAMPLE_CATALOG = join(REPOSITORY, 'samples', 'catalog');
const ADMIN_TOKEN = 'import-command-test-token-0123';

/** Returns a loopback port that nothing listens on, taken from the system and then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function run(args: string[], env: NodeJS.ProcessEnv = { TALARIA_API_TOKEN: ADMIN_TOKEN }) {
  let stdout = '';
  let stderr = '';
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        append(String(chunk));
        done();
      },
    });
  const code = await runImportCommand(
    args,
    { stdout: sink((text) => (stdout += text)), stderr: sink((text) => (stderr += text)) },
    env,
  );
  return { code, stdout, stderr };
}

describe('talaria import', () => {
  let api: RunningOwnershipApi;

  beforeAll(async () => {
    const config = loadOwnershipConfig(
      { TALARIA_API_TOKEN: ADMIN_TOKEN },
      { host: '127.0.0.1', port: 0, dataDirectory: 'memory', logLevel: 'silent' },
    );
    api = await startOwnershipApi(config);
  }, 60_000);

  afterAll(() => api.stop());

  it('imports a catalog folder and reports changes', async () => {
    const first = await run(['backstage', SAMPLE_CATALOG, '--api', api.url]);
    const second = await run(['backstage', SAMPLE_CATALOG, '--api', api.url]);

    expect(first.code).toBe(0);
    expect(first.stdout).toContain('services               11 created, 0 updated, 0 unchanged');
    expect(first.stdout).toContain('  + payments-api');
    expect(second.stdout).toContain('services               0 created, 0 updated, 11 unchanged');
  });

  it('imports AWS tags with a default account', async () => {
    const result = await run([
      'aws-tags',
      join(SAMPLE_CATALOG, 'reports', 'aws-resources.json'),
      '--api',
      api.url,
      '--default-account',
      '111122223333',
    ]);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('cloud resources        6 created');
  });

  it('prints the report as JSON', async () => {
    const result = await run([
      'snyk',
      join(SAMPLE_CATALOG, 'reports', 'snyk-payments-api.json'),
      '--api',
      api.url,
      '--json',
    ]);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).summaries.created).toEqual(['payments-api snyk go.mod']);
  });

  it('exits 1 with the problems when the API rejects the file', async () => {
    const report = join(SAMPLE_CATALOG, 'reports', 'trivy-checkout-web.json');

    const result = await run(['trivy', report, '--api', api.url, '--service', 'nope']);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the ownership API rejected the import (HTTP 422)');
    expect(result.stderr).toContain(
      '  - service nope is not in the catalog; import its catalog file first',
    );
  });

  it('exits 2 for a file that is not JSON', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'talaria-import-')), 'report.json');
    writeFileSync(path, '{ not json');

    const result = await run(['trivy', path, '--api', api.url]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${path} is not valid JSON`);
  });

  it('exits 2 when the API is unreachable', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;

    const result = await run(['backstage', SAMPLE_CATALOG, '--api', url]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`cannot reach the ownership API at ${url} (ECONNREFUSED)`);
  });

  it.each([
    [['helm', 'x'], 'KIND "helm" is not one of backstage, aws-tags, snyk, trivy, clair'],
    [['snyk'], 'PATH is missing; give the file to import'],
  ])('rejects the arguments %j', async (args, message) => {
    const result = await run(args);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('needs a token', async () => {
    const result = await run(['backstage', SAMPLE_CATALOG], {});

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no token: pass --token or set TALARIA_API_TOKEN');
  });
});
