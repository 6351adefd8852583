import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { generateCatalog, type CatalogSize } from './ownership/catalog-generator';
import { identityBatch, seededRandom } from './ownership/identity-mix';
import { positiveOption, progress, runMain } from './command-line';

// dist/ownership-resolve.js sits three folders below the repository root.
const REPOSITORY_ROOT = resolve(__dirname, '..', '..', '..');
const CLI = resolve(REPOSITORY_ROOT, 'apps', 'cli', 'dist', 'main.js');

const USAGE = `Usage: npm run bench:ownership-resolve -w @talaria/bench -- [options]

Generates a catalog in PostgreSQL, starts the ownership API on it, and
measures the latency of POST /v1/resolve with 100 identities per request.

Options:
  --database URL     PostgreSQL to use (default: DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test)
  --services N       Services to generate (default: 5000)
  --placements N     Placements per service (default: 10, so 50000 in all)
  --identities N     Identities per request (default: 100)
  --requests N       Measured requests (default: 2000)
  --warmup N         Requests sent before measuring (default: 200)
  --concurrency N    Requests in flight at once (default: 1)
  -h, --help         Show this help

The generated schema is dropped at the end. Build first with npm run build.
`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      database: { type: 'string' },
      services: { type: 'string', default: '5000' },
      placements: { type: 'string', default: '10' },
      identities: { type: 'string', default: '100' },
      requests: { type: 'string', default: '2000' },
      warmup: { type: 'string', default: '200' },
      concurrency: { type: 'string', default: '1' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }

  const databaseUrl =
    values.database ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const size: CatalogSize = {
    services: positiveOption('services', values.services),
    teams: 200,
    clusters: 20,
    placementsPerService: positiveOption('placements', values.placements),
  };
  const identities = positiveOption('identities', values.identities);
  const requests = positiveOption('requests', values.requests);
  const warmup = positiveOption('warmup', values.warmup);
  const concurrency = positiveOption('concurrency', values.concurrency);

  const schema = `talaria_bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  let api: ChildProcess | undefined;

  try {
    const token = randomBytes(24).toString('base64url');
    const started = await startApi(withSearchPath(databaseUrl, schema), token);
    api = started.child;
    progress(`ownership API at ${started.url} on schema ${schema}`);

    const generatedAt = Date.now();
    await admin.query(`SET search_path TO ${schema}`);
    await generateCatalog(admin, size);
    progress(
      `generated ${size.services} services and ${size.services * size.placementsPerService} placements in ${Date.now() - generatedAt} ms`,
    );

    const random = seededRandom(20250311);
    const batches = Array.from({ length: 50 }, () =>
      JSON.stringify({ identities: identityBatch(size, identities, random) }),
    );
    const send = (index: number) =>
      timedResolve(started.url, token, batches[index % batches.length]);

    await runRequests(warmup, concurrency, send);
    const { latencies, known, total } = await runRequests(requests, concurrency, send);
    printResults({ size, identities, requests, concurrency, latencies, known, total });
    return 0;
  } finally {
    api?.kill('SIGTERM');
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
}

/** Adds `options=-c search_path=SCHEMA` so every connection of the API uses the bench schema. */
function withSearchPath(databaseUrl: string, schema: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

async function startApi(
  databaseUrl: string,
  token: string,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [CLI, 'ownership-api', '--host', '127.0.0.1', '--port', '0'],
    {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        TALARIA_API_TOKEN: token,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );

  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the ownership API did not start within 60 s')),
      60_000,
    );
    child.once('exit', (code) =>
      reject(new Error(`the ownership API exited with code ${code} before listening`)),
    );
    lines.on('line', (line) => {
      const record = JSON.parse(line) as { msg?: string; url?: string };
      if (record.msg === 'ownership API listening' && record.url !== undefined) {
        clearTimeout(timer);
        resolveUrl(record.url);
      }
    });
  });
  return { child, url };
}

interface ResolveTiming {
  milliseconds: number;
  known: number;
  total: number;
}

async function timedResolve(url: string, token: string, body: string): Promise<ResolveTiming> {
  const started = process.hrtime.bigint();
  const response = await fetch(`${url}/v1/resolve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
  });
  const reply = (await response.json()) as { results?: Array<{ status: string }> };
  const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;
  if (response.status !== 200 || reply.results === undefined) {
    throw new Error(
      `resolve failed with HTTP ${response.status}: ${JSON.stringify(reply).slice(0, 300)}`,
    );
  }
  return {
    milliseconds,
    known: reply.results.filter((result) => result.status === 'known').length,
    total: reply.results.length,
  };
}

async function runRequests(
  count: number,
  concurrency: number,
  send: (index: number) => Promise<ResolveTiming>,
) {
  const latencies: number[] = [];
  let known = 0;
  let total = 0;
  let next = 0;

  const worker = async () => {
    while (next < count) {
      const timing = await send(next++);
      latencies.push(timing.milliseconds);
      known += timing.known;
      total += timing.total;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latencies, known, total };
}

function printResults(run: {
  size: CatalogSize;
  identities: number;
  requests: number;
  concurrency: number;
  latencies: number[];
  known: number;
  total: number;
}): void {
  const sorted = [...run.latencies].sort((left, right) => left - right);
  const percentile = (share: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)];
  const format = (value: number) => `${value.toFixed(2)} ms`;

  process.stdout.write(
    [
      `services ${run.size.services}, placements ${run.size.services * run.size.placementsPerService}, ` +
        `${run.identities} identities per request, ${run.requests} requests, concurrency ${run.concurrency}`,
      `owners found: ${((100 * run.known) / run.total).toFixed(1)}% of identities`,
      `p50 ${format(percentile(0.5))}  p95 ${format(percentile(0.95))}  p99 ${format(percentile(0.99))}  max ${format(sorted[sorted.length - 1])}`,
      '',
    ].join('\n'),
  );
}

runMain('ownership-resolve bench', main);
