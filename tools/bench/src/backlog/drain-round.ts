import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newFindingId } from '@talaria/falco-event';
import { loadConfig, spoolEnvelope, startForwarder } from '@talaria/forwarder';
import { Spool } from '@talaria/spool';
import { createLogger } from '@talaria/telemetry';
import { Registry } from 'prom-client';
import { countCompleteLines } from '../output/ndjson-line-counter';

const TOKEN_VARIABLE = 'BENCH_INGEST_TOKEN';
const APPEND_BATCH = 500;
const POLL_MS = 20;
const DRAIN_TIMEOUT_MS = 600_000;

/** Figures of one fill and drain. */
export interface DrainRound {
  alerts: number;
  /** From the start of the forwarder until it listens, including reading the spool. */
  startMs: number;
  /** From listening until the spool is empty, so every alert was delivered. */
  drainMs: number;
  alertsPerSecond: number;
  /** The forwarder process's CPU time while draining, per alert, on all its threads. */
  cpuMicrosPerAlert: number;
}

/**
 * Fills a new spool with `alerts` alerts, cycling through `lines`, starts a
 * forwarder on it with an NDJSON file output, and times the drain. Throws
 * when the output does not contain every alert, or when the drain times out.
 */
export async function runDrainRound(lines: string[], alerts: number): Promise<DrainRound> {
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
    // The ingest endpoint needs a token even though the drain sends no requests.
    process.env[TOKEN_VARIABLE] ??= 'bench-backlog-drain-token-0123456789';
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

    let drainedAt: number;
    let cpu: NodeJS.CpuUsage;
    try {
      await waitUntil(() => forwarder.runtime.spool.stats().pendingEntries === 0);
      drainedAt = Date.now();
      cpu = process.cpuUsage(cpuBefore);
    } finally {
      await forwarder.stop();
    }

    const delivered = await countCompleteLines(outputPath);
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
export async function fillSpool(directory: string, lines: string[], alerts: number): Promise<void> {
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
export function spoolBytesFor(lines: string[], alerts: number): number {
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
