import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFinding, parseAlert, type Finding, type ParsedAlert } from '@talaria/falco-event';
import { openSpoolEnvelope } from '@talaria/forwarder';
import { FileOutput } from '@talaria/notifiers';
import { Spool } from '@talaria/spool';
import { createLogger } from '@talaria/telemetry';
import { Registry } from 'prom-client';
import { fillSpool, spoolBytesFor } from '../backlog/drain-round';
import { countCompleteLines } from '../output/ndjson-line-counter';

/** CPU time of the process in microseconds per alert for each step of the batched path. */
export interface StepCosts {
  /** The baseline of the batched target: JSON.parse of one alert line. */
  jsonParse: number;
  /** Ingest: parseAlert, the lossless parse and the validation. */
  parseAlert: number;
  /** Ingest: finding id, spool envelope and the spool's durable append, 500 alerts per append. */
  spoolAppend: number;
  /** Only for alerts that wait on disk: taking them from the spool and parsing them again. */
  readBack: number;
  /** Delivery: workload identity, fingerprint and the finding object. */
  buildFinding: number;
  /** Delivery: the NDJSON file output, 500 findings per write. */
  fileOutput: number;
}

const OUTPUT_BATCH = 500;
const TAKE_BATCH = 64;
const WARM_UP_ALERTS = 20_000;

/**
 * Times each step of batched ingest and delivery on its own, over `alerts`
 * alerts cycling through `lines`, which must all be valid. Each step runs on
 * this thread with nothing else to do, so the sum is likely below what the
 * forwarder spends per alert. Throws when the file output did not receive
 * every finding.
 */
export async function measureStepCosts(lines: string[], alerts: number): Promise<StepCosts> {
  const parsed = lines.map(parseValid);
  const findings = parsed.map((alert, index) => findingOf(alert, index));

  // The first pass lets V8 optimise each loop before it is timed.
  const warmUp = Math.min(alerts, WARM_UP_ALERTS);
  timeLoop(warmUp, (index) => JSON.parse(lines[index % lines.length]));
  timeLoop(warmUp, (index) => parseAlert(lines[index % lines.length]));
  timeLoop(warmUp, (index) => findingOf(parsed[index % parsed.length], index));

  const jsonParse = timeLoop(alerts, (index) => JSON.parse(lines[index % lines.length]));
  const parseAlertCost = timeLoop(alerts, (index) => parseAlert(lines[index % lines.length]));
  const buildFindingCost = timeLoop(alerts, (index) =>
    findingOf(parsed[index % parsed.length], index),
  );

  const directory = await mkdtemp(join(tmpdir(), 'talaria-step-costs-'));
  try {
    const spoolDirectory = join(directory, 'spool');
    const spoolStart = process.cpuUsage();
    await fillSpool(spoolDirectory, lines, alerts);
    const spoolAppend = microsPerAlert(spoolStart, alerts);

    const readBack = await timeReadBack(spoolDirectory, lines, alerts);
    const fileOutput = await timeFileOutput(join(directory, 'out.ndjson'), findings, alerts);
    return {
      jsonParse,
      parseAlert: parseAlertCost,
      spoolAppend,
      readBack,
      buildFinding: buildFindingCost,
      fileOutput,
    };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

function parseValid(line: string): ParsedAlert {
  const result = parseAlert(line);
  if (!result.ok) {
    throw new Error(
      `invalid alert ${JSON.stringify(line.slice(0, 80))}: ${result.problems[0]?.message}; pass only alerts the forwarder accepts`,
    );
  }
  return result;
}

function findingOf(parsed: ParsedAlert, index: number): Finding {
  return buildFinding({
    id: `step-cost-${index}`,
    receivedAt: new Date(),
    cluster: 'bench-cluster',
    region: 'bench-region',
    parsed,
  });
}

function timeLoop(count: number, step: (index: number) => unknown): number {
  const start = process.cpuUsage();
  for (let index = 0; index < count; index++) step(index);
  return microsPerAlert(start, count);
}

// Process CPU time counts the thread pool's writes and V8's helper threads as well.
function microsPerAlert(start: NodeJS.CpuUsage, alerts: number): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / alerts;
}

// Opening the spool scans it once, as a restart does. Only the reads after that are timed.
async function timeReadBack(directory: string, lines: string[], alerts: number): Promise<number> {
  const spool = await Spool.open({
    directory,
    maxBytes: spoolBytesFor(lines, alerts),
    registry: new Registry(),
    logger: createLogger({ level: 'warn' }),
  });
  try {
    const start = process.cpuUsage();
    for (let taken = 0; taken < alerts;) {
      const entries = await spool.take(Math.min(TAKE_BATCH, alerts - taken));
      for (const entry of entries) {
        openSpoolEnvelope(entry.body);
        spool.ack(entry.seq);
      }
      taken += entries.length;
    }
    return microsPerAlert(start, alerts);
  } finally {
    await spool.close();
  }
}

async function timeFileOutput(path: string, findings: Finding[], alerts: number): Promise<number> {
  const output = new FileOutput({ name: 'out', path, maxBytes: 64 * 1024 ** 3 });
  const start = process.cpuUsage();
  try {
    for (let sent = 0; sent < alerts; sent += OUTPUT_BATCH) {
      const batch: Finding[] = [];
      for (let index = sent; index < Math.min(sent + OUTPUT_BATCH, alerts); index++)
        batch.push(findings[index % findings.length]);
      await output.send(batch);
    }
  } finally {
    await output.close();
  }
  const cost = microsPerAlert(start, alerts);

  const written = await countCompleteLines(path);
  if (written !== alerts) {
    throw new Error(
      `delivery check failed: the file output wrote ${written} lines for ${alerts} findings`,
    );
  }
  return cost;
}
