import { mkdtemp, open, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Registry } from 'prom-client';
import { createLogger } from '@talaria/telemetry';
import { Spool, type SpoolEntry, type SpoolInput, type SpoolOptions } from '../src';

/** A JSON log line as pino wrote it. */
export type LogLine = Record<string, unknown> & { level: string; msg: string };

export interface OpenedSpool {
  spool: Spool;
  registry: Registry;
  logs: LogLine[];
}

const directories: string[] = [];

/** Creates an empty temporary directory, removed by removeTempDirectories(). */
export async function makeTempDirectory(): Promise<string> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'talaria-spool-'));
  directories.push(directory);
  return directory;
}

export async function removeTempDirectories(): Promise<void> {
  for (const directory of directories.splice(0))
    await rm(directory, { recursive: true, force: true });
}

/** Opens a spool with its own registry and a logger whose lines are collected in `logs`. */
export async function openSpool(
  directory: string,
  options: Partial<Omit<SpoolOptions, 'directory' | 'registry' | 'logger'>> = {},
): Promise<OpenedSpool> {
  const logs: LogLine[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line !== '') logs.push(JSON.parse(line) as LogLine);
      }
      callback();
    },
  });

  const registry = new Registry();
  const logger = createLogger({ level: 'debug', name: 'spool-test', destination });
  const spool = await Spool.open({ directory, registry, logger, fsync: 'never', ...options });
  return { spool, registry, logs };
}

/** Builds an input whose body is JSON text of about `bodyBytes` bytes. */
export function makeInput(index: number, bodyBytes = 100): SpoolInput {
  const prefix = `{"index":${index},"output":"`;
  const padding = 'x'.repeat(Math.max(0, bodyBytes - prefix.length - 2));
  return {
    id: `alert-${index}`,
    receivedAt: 1_700_000_000_000 + index,
    body: `${prefix}${padding}"}`,
  };
}

export function makeInputs(from: number, count: number, bodyBytes = 100): SpoolInput[] {
  return Array.from({ length: count }, (_, offset) => makeInput(from + offset, bodyBytes));
}

/** Takes entries until `count` have arrived; take() waits for more when needed. */
export async function takeCount(spool: Spool, count: number, batch = 1000): Promise<SpoolEntry[]> {
  const entries: SpoolEntry[] = [];
  while (entries.length < count) {
    const taken = await spool.take(Math.min(batch, count - entries.length));
    if (taken.length === 0)
      throw new Error(`take() returned [] after ${entries.length} of ${count} entries`);
    entries.push(...taken);
  }
  return entries;
}

export async function segmentFiles(directory: string, suffix = '.log'): Promise<string[]> {
  return (await readdir(directory)).filter((name) => name.endsWith(suffix)).sort();
}

/** Reads the value of a metric series from the registry, or undefined if it is absent. */
export async function metricValue(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
): Promise<number | undefined> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return undefined;

  const { values } = await metric.get();
  const match = values.find((value) =>
    Object.entries(labels).every(([key, expected]) => String(value.labels[key]) === expected),
  );
  return match?.value;
}

/** Returns the prototype of node:fs/promises FileHandle, for spying on its methods. */
export async function fileHandlePrototype(directory: string): Promise<Record<string, unknown>> {
  const handle = await open(path.join(directory, 'probe'), 'w');
  const prototype = Object.getPrototypeOf(handle) as Record<string, unknown>;
  await handle.close();
  await rm(path.join(directory, 'probe'));
  return prototype;
}

export function bodies(entries: SpoolEntry[]): string[] {
  return entries.map((entry) => entry.body);
}

/** Size of an input's record in a segment file: a 30-byte header plus the UTF-8 id and body. */
export function recordBytes(inputs: SpoolInput[]): number {
  return inputs.reduce(
    (sum, input) => sum + 30 + Buffer.byteLength(input.id) + Buffer.byteLength(input.body),
    0,
  );
}
