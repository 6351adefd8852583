import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { newFindingId, parseAlert } from '@talaria/falco-event';
import { loadConfig, spoolEnvelope, startForwarder } from '@talaria/forwarder';
import { Spool } from '@talaria/spool';
import { createLogger } from '@talaria/telemetry';
import { Registry } from 'prom-client';
import { loadAlertCorpus } from './alerts/alert-corpus';
import { median } from './results/median';
import { positiveOption, progress, runMain } from './command-line';

// dist/backlog-drain.js sits three folders below the repository root.
const REPOSITORY_ROOT = resolve(__dirname, '..', '..', '..');
const SAMPLES = join(REPOSITORY_ROOT, 'samples', 'falco-events.ndjson');
const TOKEN_VARIABLE = 'BENCH_INGEST_TOKEN';
const APPEND_BATCH = 500;
const POLL_MS = 20;
const DRAIN_TIMEOUT_MS = 600_000;

const USAGE = `Usage: npm run bench:backlog-drain -- [options]

Fills a spool with alerts, as an outage of every output would leave it, then
starts the forwarder on it and measures how fast it delivers that backlog into
an NDJSON file output. Every alert is then read back from disk and parsed a
second time, as in a flood that outruns delivery and after a restart.

Options:
  --alerts N     Alerts in the backlog (default: 200000)
  --rounds N     Fills and drains, each with a new forwarder (default: 3)
  -h, --help     Show this help

Build first with npm run build. CPU time is that of the whole process, which
runs the forwarder and only a light check besides.
`;

interface DrainRound {
  alerts: number;
  /** From the start of the forwarder until it listens, including reading the spool. */
  startMs: number;
  /** From listening until the spool is empty, so every alert was delivered. */
  drainMs: number;
  alertsPerSecond: number;
  /** The forwarder process's CPU time while draining, per alert, on all its threads. */
  cpuMicrosPerAlert: number;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      alerts: { type: 'string', default: '200000' },
      rounds: { type: 'string', default: '3' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }

  const alerts = positiveOption('alerts', values.alerts);
  const rounds = positiveOption('rounds', values.rounds);
  const lines = validAlerts(loadAlertCorpus(SAMPLES, Number.MAX_SAFE_INTEGER).lines);
  process.env[TOKEN_VARIABLE] ??= 'bench-backlog-drain-token-0123456789';

  const results: DrainRound[] = [];
  for (let round = 1; round <= rounds; round++) {
    const result = await runRound(lines, alerts);
    results.push(result);
    progress(
      `round ${round}: ${result.alertsPerSecond.toLocaleString('en-US')} alerts/s, ` +
        `${result.cpuMicrosPerAlert.toFixed(1)} µs CPU per alert, start ${result.startMs} ms`,
    );
  }

  printResults(alerts, lines.length, results);
  return 0;
}

// Only alerts the forwarder accepts can wait in its spool.
function validAlerts(lines: string[]): string[] {
  const valid = lines.filter((line) => parseAlert(line).ok);
  if (valid.length === 0) {
    throw new Error(
      `no valid alert found in ${SAMPLES}; regenerate it with npm run generate -w @talaria/samples`,
    );
  }
  return valid;
}

async function runRound(lines: string[], alerts: number): Promise<DrainRound> {
  const directory = await mkdtemp(join(tmpdir(), 'talaria-backlog-drain-'));
  try {
    const spoolDirectory = join(directory, 'spool');
    const outputPath = join(directory, 'out.ndjson');
    await fillSpool(spoolDirectory, lines, alerts);

    const config = loadConfig({
      overrides: {
        'listen.host': '127.0.0.1',
        'listen.port': 0,
        'spool.directory': spoolDirectory,
        'spool.maxBytes': spoolBytesFor(lines, alerts),
        'deadLetter.path': join(directory, 'dead-letter.ndjson'),
        'log.level': 'warn',
      },
    });
    config.auth.tokens = [{ name: 'bench', token: { env: TOKEN_VARIABLE } }];
    config.outputs = [
      {
        name: 'out',
        type: 'file',
        path: outputPath,
        minPriority: 'Debug',
        maxBytes: 64 * 1024 ** 3,
      },
    ];

    const startedAt = Date.now();
    const forwarder = await startForwarder(config);
    const listeningAt = Date.now();
    const cpuBefore = process.cpuUsage();

    await waitUntil(() => forwarder.runtime.spool.stats().pendingEntries === 0);
    const drainedAt = Date.now();
    const cpu = process.cpuUsage(cpuBefore);
    await forwarder.stop();

    const delivered = await countLines(outputPath);
    if (delivered !== alerts) {
      throw new Error(
        `delivery check failed: the output has ${delivered} lines after draining ${alerts} alerts; see the forwarder's log above`,
      );
    }
    const drainMs = drainedAt - listeningAt;
    return {
      alerts,
      startMs: listeningAt - startedAt,
      drainMs,
      alertsPerSecond: Math.round((alerts * 1000) / drainMs),
      cpuMicrosPerAlert: (cpu.user + cpu.system) / alerts,
    };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** Appends the alerts as the forwarder's ingest would, then closes the spool without acknowledging any. */
async function fillSpool(directory: string, lines: string[], alerts: number): Promise<void> {
  const spool = await Spool.open({
    directory,
    maxBytes: spoolBytesFor(lines, alerts),
    registry: new Registry(),
    logger: createLogger({ level: 'warn' }),
  });
  const credential = { name: 'bench', cluster: 'bench-cluster', region: 'bench-region' };

  for (let appended = 0; appended < alerts;) {
    const batch = [];
    for (; batch.length < APPEND_BATCH && appended < alerts; appended++) {
      const line = lines[appended % lines.length];
      batch.push({
        id: newFindingId(),
        receivedAt: Date.now(),
        body: spoolEnvelope(credential, line),
      });
    }

    const result = await spool.append(batch);
    if (result.rejected.length > 0) {
      throw new Error(
        `the spool rejected ${result.rejected.length} alerts while filling it (${result.rejected[0].reason})`,
      );
    }
  }
  await spool.close();
}

// Room for every envelope and record header, with a margin, so the fill never hits the bound.
function spoolBytesFor(lines: string[], alerts: number): number {
  const longest = Math.max(...lines.map((line) => Buffer.byteLength(line)));
  return Math.max(64 * 1024 ** 2, 2 * alerts * (longest + 256));
}

async function waitUntil(done: () => boolean): Promise<void> {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  while (!done()) {
    if (Date.now() > deadline)
      throw new Error(`the backlog did not drain within ${DRAIN_TIMEOUT_MS / 1000} s`);
    await new Promise((resolveWait) => setTimeout(resolveWait, POLL_MS));
  }
}

async function countLines(path: string): Promise<number> {
  let count = 0;
  for await (const line of createInterface({
    input: createReadStream(path),
    crlfDelay: Infinity,
  })) {
    if (line !== '') count += 1;
  }
  return count;
}

function printResults(alerts: number, distinct: number, rounds: DrainRound[]): void {
  const rate = median(rounds.map((round) => round.alertsPerSecond));
  const cpu = median(rounds.map((round) => round.cpuMicrosPerAlert));
  const start = median(rounds.map((round) => round.startMs));

  const summarised = rounds.length === 1 ? 'one round' : `median of ${rounds.length} rounds`;
  process.stdout.write(
    [
      `Backlog drain, ${alerts.toLocaleString('en-US')} alerts (cycling through ${distinct} sample alerts) from disk into an NDJSON file (${summarised})`,
      `  delivered                 ${Math.round(rate).toLocaleString('en-US')} alerts/s`,
      `  CPU per alert             ${cpu.toFixed(1)} µs`,
      `  start with the backlog    ${Math.round(start)} ms`,
      '',
    ].join('\n'),
  );
}

runMain('backlog drain', main);
