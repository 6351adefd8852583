import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, startForwarder, type RunningForwarder } from '@talaria/forwarder';
import { loadCorpus, replay } from '@talaria/replay';
import { createLogger } from '@talaria/telemetry';
import { ndjsonOutput } from './forward-command';
import { formatOwnerSummary, startSampleOwnershipApi } from './quickstart-ownership';
import { formatSummary, readSummary } from './quickstart-summary';

const HELP = `Usage: talaria quickstart [options]

Starts the ownership API on an embedded PGlite seeded from samples/catalog,
and a forwarder on embedded defaults that enriches from it (no external
server), replays the sample Falco alerts through real HTTP one alert per
request as Falco does, prints what happened to them, and stops.

Options:
  --dir DIR           Working folder for the spool, outputs and log (default: var/quickstart)
  --concurrency N     Connections the replay opens (default: 4)
  -h, --help          Show this help`;

/** How long the in-flight count must stay unchanged before the quick start stops the forwarder. */
const STEADY_MS = 1000;

/** Repository root, found from this file's place in apps/cli. */
const REPOSITORY_ROOT = resolve(__dirname, '..', '..', '..');

export async function runQuickstartCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      dir: { type: 'string', default: 'var/quickstart' },
      concurrency: { type: 'string', default: '4' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }

  const workDirectory = resolve(values.dir);
  rmSync(workDirectory, { recursive: true, force: true });
  mkdirSync(workDirectory, { recursive: true });
  const outputPath = join(workDirectory, 'findings.ndjson');
  const deadLetterPath = join(workDirectory, 'dead-letter.ndjson');
  const logPath = join(workDirectory, 'forwarder.log');
  const notificationsPath = join(workDirectory, 'notifications.ndjson');

  const ownership = await startSampleOwnershipApi(
    join(REPOSITORY_ROOT, 'samples', 'catalog'),
    fileDestination(join(workDirectory, 'ownership-api.log')),
  );
  process.stdout.write(
    `Ownership API listening on ${ownership.api.url}, seeded from samples/catalog\n`,
  );

  const config = loadConfig({
    overrides: {
      'enrichment.url': ownership.api.url,
      'enrichment.token': ownership.readToken,
      // The embedded API queries PGlite in a worker thread, whose first
      // queries take longer than the 200 ms meant for a production database.
      'enrichment.timeoutMs': 2000,
      'listen.host': '127.0.0.1',
      'listen.port': 0,
      'spool.directory': join(workDirectory, 'spool'),
      'deadLetter.path': deadLetterPath,
      cluster: 'quickstart',
      region: 'local',
      'shutdown.graceSeconds': 30,
    },
  });
  config.outputs.push(ndjsonOutput(outputPath));

  // Noise control as a security team would run it: the sample filters, and a second output that
  // stands for Slack or a webhook, where storms are coalesced while findings.ndjson keeps them all.
  config.filters.push(join(REPOSITORY_ROOT, 'samples', 'filters', 'talaria-filters.yaml'));
  config.outputs.push({
    name: 'notifications',
    type: 'file',
    path: notificationsPath,
    minPriority: 'Debug',
  });
  config.noise = { outputs: { notifications: { mode: 'coalesce' } } };

  const logger = createLogger({
    name: 'talaria-forwarder',
    level: 'info',
    destination: fileDestination(logPath),
  });
  const forwarder = await startForwarder(config, { logger });
  process.stdout.write(`Forwarder listening on ${forwarder.url} (log: ${display(logPath)})\n`);

  const corpora = ['falco-events.ndjson', 'malformed-events.ndjson']
    .map((name) => join(REPOSITORY_ROOT, 'samples', name))
    .filter((path) => existsSync(path));
  const bodies = await loadCorpus(corpora);
  process.stdout.write(
    `Replaying ${bodies.length} requests from ${corpora.map(display).join(', ')}\n`,
  );

  const report = await replay({
    url: `${forwarder.url}/t/${forwarder.generatedToken}`,
    bodies,
    concurrency: Number(values.concurrency),
    mode: 'single',
  });

  await waitUntilDelivered(forwarder);
  await forwarder.stop();
  // Read after stopping, because the drain sends the summaries of storm windows still open.
  const summary = await readSummary(forwarder.runtime.registry);
  await ownership.api.stop();

  process.stdout.write(
    formatSummary({
      summary,
      report,
      outputPath: display(outputPath),
      deadLetterPath: display(deadLetterPath),
      notificationsPath: display(notificationsPath),
    }),
  );
  process.stdout.write(formatOwnerSummary(outputPath));
  return 0;
}

/**
 * Waits until the spool has handed every alert to the pipeline and the number
 * in flight has stopped changing. Findings held in open storm windows never
 * settle on their own; the drain in stop() sends their summaries.
 */
async function waitUntilDelivered(forwarder: RunningForwarder): Promise<void> {
  const deadline = Date.now() + 30_000;
  let lastPending = -1;
  let steadySince = Date.now();

  while (Date.now() < deadline) {
    const spool = forwarder.runtime.spool.stats();
    const pending = forwarder.runtime.pipeline.pending;
    if (spool.pendingEntries === 0 && pending === 0) return;

    if (pending !== lastPending) {
      lastPending = pending;
      steadySince = Date.now();
    }
    const everythingTaken = spool.inMemoryEntries === 0 && spool.diskOnlyEntries === 0;
    if (everythingTaken && Date.now() - steadySince >= STEADY_MS) return;
    await new Promise((resolveWait) => setTimeout(resolveWait, 25));
  }
}

function fileDestination(path: string) {
  // pino's own destination writes asynchronously and flushes at exit.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pino = require('pino') as typeof import('pino');
  return pino.destination({ dest: path, sync: false, mkdir: true });
}

function display(path: string): string {
  const fromHere = relative(process.cwd(), path);
  return fromHere.startsWith('..') ? path : fromHere;
}
