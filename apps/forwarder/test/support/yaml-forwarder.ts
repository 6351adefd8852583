import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';

import { parseJson } from '@talaria/falco-event';
import { createLogger } from '@talaria/telemetry';

import { loadConfig, startForwarder, type RunningForwarder } from '../../src';
import { completeLines } from './test-forwarder';

const INGEST_TOKEN = 'yaml-forwarder-ingest-token-0123456789';
const SAMPLE_FILE = join(__dirname, '../../../../samples/falco-events.ndjson');

export interface YamlForwarder extends RunningForwarder {
  directory: string;
  deadLetterPath: string;
  logLines: Array<Record<string, unknown>>;
  /** Posts NDJSON alerts with the ingest token, as `talaria replay --mode ndjson` does. */
  postNdjson(lines: readonly string[]): Promise<Response>;
  /** Dead-letter records written so far, parsed losslessly. */
  readDeadLetters(): Array<Record<string, unknown>>;
  metricsText(): Promise<string>;
}

/**
 * Starts a real forwarder from a YAML file. `outputsYaml` returns the
 * `outputs:` section for the temporary folder, which also contains the spool
 * and the dead-letter file. The forwarder listens on a random loopback port.
 * `env` adds variables that `{ env: NAME }` secrets read. They are set on
 * process.env for the forwarder's lifetime, because outputs read secrets there.
 */
export async function startYamlForwarder(
  outputsYaml: (directory: string) => string,
  env: Record<string, string> = {},
): Promise<YamlForwarder> {
  const directory = mkdtempSync(join(tmpdir(), 'talaria-yaml-forwarder-'));
  const deadLetterPath = join(directory, 'dead-letter.ndjson');
  const configFile = join(directory, 'talaria.yaml');
  writeFileSync(
    configFile,
    [
      'cluster: prod-eu-1',
      'region: eu-west-1',
      'listen: { host: 127.0.0.1, port: 0 }',
      `spool: { directory: ${JSON.stringify(join(directory, 'spool'))} }`,
      `deadLetter: { path: ${JSON.stringify(deadLetterPath)} }`,
      'shutdown: { graceSeconds: 5 }',
      'auth:',
      '  tokens:',
      '    - { name: test, token: { env: YAML_FORWARDER_TOKEN } }',
      'outputs:',
      outputsYaml(directory),
      '',
    ].join('\n'),
  );

  const variables = { YAML_FORWARDER_TOKEN: INGEST_TOKEN, ...env };
  Object.assign(process.env, variables);
  const config = loadConfig({ file: configFile, env: { ...process.env, ...variables } });

  const logLines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
      done();
    },
  });
  const forwarder = await startForwarder(config, {
    logger: createLogger({ level: 'info', destination: sink }),
  });

  return {
    ...forwarder,
    directory,
    deadLetterPath,
    logLines,
    postNdjson: (lines) =>
      fetch(`${forwarder.url}/v1/alerts`, {
        method: 'POST',
        body: `${lines.join('\n')}\n`,
        headers: {
          'content-type': 'application/x-ndjson',
          authorization: `Bearer ${INGEST_TOKEN}`,
        },
      }),
    readDeadLetters: () => readNdjsonFile(deadLetterPath) as Array<Record<string, unknown>>,
    metricsText: async () => (await forwarder.runtime.registry.metrics()) as string,
  };
}

/**
 * Parses the complete lines of an NDJSON file that may still be written to:
 * a last line without its line break is left for the next read.
 */
export function readNdjsonFile(path: string): unknown[] {
  return completeLines(path).map((line) => parseJson(line));
}

/** Returns the sample corpus lines whose rule is one of `rules`, in corpus order. */
export function sampleAlerts(rules: readonly string[]): string[] {
  return readFileSync(SAMPLE_FILE, 'utf8')
    .split('\n')
    .filter((line) => line !== '' && rules.includes((JSON.parse(line) as { rule: string }).rule));
}
