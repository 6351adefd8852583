import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

export const SCENARIOS = ['single', 'batched', 'paced'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface BenchOptions {
  /** Seconds of each measured load phase. */
  seconds: number;
  /** Seconds of load before the measured phases, so the JIT has compiled the hot paths. */
  warmupSeconds: number;
  /** Measured phases per server. Baseline and forwarder alternate, so drift in the machine's speed hits both. */
  rounds: number;
  /** Connections for the single-alert scenario. */
  connections: number;
  scenarios: ScenarioName[];
  /** Alerts per NDJSON request in the batched scenario. */
  batchSize: number;
  /** Connections for the batched scenario. */
  batchConnections: number;
  /** Connections for the paced scenario, each sending at an even pace. */
  pacedConnections: number;
  /** Requests per second over all connections in the paced scenario. */
  pacedRate: number;
  /** Forwarder configuration overrides by dotted key, such as `spool.writeMode`. */
  forwarderSettings: Record<string, string>;
  /** Maximum number of alert lines read from the samples file. */
  maxAlerts: number;
  samplesPath: string;
  outputPath: string;
  /** Print the results as JSON on stdout in place of the table. */
  json: boolean;
  /** Folder for CPU profiles of the forwarder children, or undefined for no profiling. */
  cpuProfileDirectory?: string;
  /** Heap limit of the forwarder children in MiB (Node's --max-old-space-size), or undefined for Node's default. */
  forwarderHeapMiB?: number;
  help: boolean;
}

export const USAGE = `Usage: npm run bench -- [options]

Measures the Talaria forwarder against baselines started in the same run on
127.0.0.1, each server in a child process of its own.

Options:
  --seconds N            seconds of each measured load phase (default 10)
  --warmup-seconds N     seconds of load on each server before it is measured (default 3)
  --rounds N             measured phases per server, alternating baseline and
                         forwarder; figures are medians (default 3)
  --connections N        connections for single alerts (default 20)
  --scenarios LIST       comma-separated: single, batched, paced (default all)
  --batch-size N         alerts per NDJSON request (default 500)
  --batch-connections N  connections for NDJSON batches (default 4)
  --paced-connections N  connections for paced single alerts, each sending at
                         an even pace like one Falco instance (default 200)
  --paced-rate N         requests per second over all paced connections
                         (default 2000)
  --set KEY=VALUE        forwarder setting by its dotted key, for example
                         spool.writeMode=async; repeat for more
  --max-alerts N         most alerts read from the samples file (default 5000)
  --samples FILE         NDJSON alert samples (default samples/falco-events.ndjson;
                         built-in alerts when the file does not exist)
  --output FILE          results file (default tools/bench/results/latest.json)
  --json                 print the results as JSON instead of a table
  --cpu-prof DIR         write a CPU profile of each forwarder child to DIR;
                         profiling slows the forwarder, so its figures are not comparable
  --forwarder-heap MIB   old-generation heap limit of the forwarder in MiB, as
                         a memory limit on its container makes Node choose
                         (default: Node's choice from the machine's memory)
  --help                 show this help
`;

/** Parses the command line. Default paths are relative to `repositoryRoot`. */
export function parseBenchOptions(argv: string[], repositoryRoot: string): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      seconds: { type: 'string' },
      'warmup-seconds': { type: 'string' },
      rounds: { type: 'string' },
      connections: { type: 'string' },
      scenarios: { type: 'string' },
      'batch-size': { type: 'string' },
      'batch-connections': { type: 'string' },
      'paced-connections': { type: 'string' },
      'paced-rate': { type: 'string' },
      set: { type: 'string', multiple: true },
      'max-alerts': { type: 'string' },
      samples: { type: 'string' },
      output: { type: 'string' },
      json: { type: 'boolean' },
      'cpu-prof': { type: 'string' },
      'forwarder-heap': { type: 'string' },
      help: { type: 'boolean' },
    },
  });

  return {
    seconds: readInteger(values.seconds, '--seconds', 10, 1, 3600),
    warmupSeconds: readInteger(values['warmup-seconds'], '--warmup-seconds', 3, 0, 600),
    rounds: readInteger(values.rounds, '--rounds', 3, 1, 100),
    connections: readInteger(values.connections, '--connections', 20, 1, 1000),
    scenarios: readScenarios(values.scenarios),
    // The forwarder rejects batches above its ingest.maxBatchAlerts, 10,000 by default.
    batchSize: readInteger(values['batch-size'], '--batch-size', 500, 1, 10_000),
    batchConnections: readInteger(values['batch-connections'], '--batch-connections', 4, 1, 1000),
    pacedConnections: readInteger(values['paced-connections'], '--paced-connections', 200, 1, 5000),
    pacedRate: readInteger(values['paced-rate'], '--paced-rate', 2000, 1, 100_000),
    forwarderSettings: readSettings(values.set ?? []),
    maxAlerts: readInteger(values['max-alerts'], '--max-alerts', 5000, 1, 1_000_000),
    samplesPath: resolve(values.samples ?? resolve(repositoryRoot, 'samples/falco-events.ndjson')),
    outputPath: resolve(
      values.output ?? resolve(repositoryRoot, 'tools/bench/results/latest.json'),
    ),
    json: values.json ?? false,
    cpuProfileDirectory: values['cpu-prof'] === undefined ? undefined : resolve(values['cpu-prof']),
    forwarderHeapMiB:
      values['forwarder-heap'] === undefined
        ? undefined
        : readInteger(values['forwarder-heap'], '--forwarder-heap', 0, 64, 65_536),
    help: values.help ?? false,
  };
}

function readInteger(
  text: string | undefined,
  option: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (text === undefined) return fallback;

  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${option} must be a whole number from ${min} to ${max}; got "${text}"`);
  }
  return value;
}

function readScenarios(text: string | undefined): ScenarioName[] {
  if (text === undefined) return [...SCENARIOS];

  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(SCENARIOS as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new RangeError(
      `--scenarios must list some of ${SCENARIOS.join(', ')}, comma-separated; got "${text}"`,
    );
  }
  return SCENARIOS.filter((name) => names.includes(name));
}

function readSettings(pairs: string[]): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    if (equals < 1) {
      throw new RangeError(
        `invalid --set value "${pair}": expected KEY=VALUE such as spool.writeMode=async`,
      );
    }
    settings[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  return settings;
}
