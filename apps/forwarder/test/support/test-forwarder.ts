import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '@talaria/telemetry';
import { loadConfig, startForwarder, type ForwarderConfig, type RunningForwarder } from '../../src';

export { eventually } from '@talaria/testing';

export const TEST_TOKEN = 'test-ingest-token-0123456789';

export interface TestForwarder extends RunningForwarder {
  directory: string;
  outputPath: string;
  logLines: string[];
  /** Posts to an ingest path with the test token as a bearer token unless `headers` override it. */
  post(body: string | Buffer, headers?: Record<string, string>, path?: string): Promise<Response>;
  readOutput(): string[];
  metricsText(): Promise<string>;
}

/** Starts a forwarder on a random loopback port with an NDJSON file output in a temp folder. */
export async function startTestForwarder(
  adjust: (config: ForwarderConfig) => void = () => undefined,
  directory = mkdtempSync(join(tmpdir(), 'talaria-forwarder-')),
): Promise<TestForwarder> {
  const outputPath = join(directory, 'out.ndjson');
  const config = loadConfig({
    env: { TEST_TOKEN },
    overrides: {
      cluster: 'prod-eu-1',
      region: 'eu-west-1',
      'listen.host': '127.0.0.1',
      'listen.port': 0,
      'spool.directory': join(directory, 'spool'),
      'deadLetter.path': join(directory, 'dead-letter.ndjson'),
      'shutdown.graceSeconds': 5,
    },
  });
  config.auth.tokens = [{ name: 'test', token: { env: 'TEST_TOKEN' } }];
  config.outputs = [
    { name: 'file', type: 'file', path: outputPath, minPriority: 'Debug', lingerMs: 1 },
  ];
  adjust(config);

  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ level: 'info', destination: sink });

  process.env.TEST_TOKEN = TEST_TOKEN;
  const forwarder = await startForwarder(config, { logger });

  return {
    ...forwarder,
    directory,
    outputPath,
    logLines,
    post: (body, headers = {}, path = '/') =>
      fetch(`${forwarder.url}${path}`, {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${TEST_TOKEN}`,
          ...headers,
        },
      }),
    readOutput: () => completeLines(outputPath),
    metricsText: async () => (await forwarder.runtime.registry.metrics()) as string,
  };
}

/**
 * Reads the finished lines of an NDJSON file. The forwarder may be writing
 * while a test reads, so a last line without its newline is left for later.
 */
export function completeLines(path: string): string[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  return text
    .slice(0, text.lastIndexOf('\n') + 1)
    .split('\n')
    .filter(Boolean);
}

/** Reads one counter's value (summed over label sets matching `labels`) from Prometheus text. */
export function counterValue(
  metricsText: string,
  name: string,
  labels: Record<string, string> = {},
): number {
  let total = 0;
  for (const line of metricsText.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^([a-z_]+)(\{[^}]*\})? ([0-9.e+-]+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const labelText = match[2] ?? '';
    const matches = Object.entries(labels).every(([key, value]) =>
      labelText.includes(`${key}="${value}"`),
    );
    if (matches) total += Number(match[3]);
  }
  return total;
}
