import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { generateCorpus, type Corpus } from '../corpus/generate-corpus';
import { malformedBodiesFile } from '../corpus/malformed-bodies';
import { RuleFileError } from '../rules/rule-file-error';
import { loadRuleFiles } from '../rules/load-rule-files';

export interface CommandOutput {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

const DEFAULTS = {
  out: 'samples/falco-events.ndjson',
  malformedOut: 'samples/malformed-events.ndjson',
  seed: 20250311,
  start: '2025-03-11T06:00:00Z',
  hours: 24,
  respelled: 3,
};

export const GENERATE_HELP = `Usage: talaria-samples [options] RULES.yaml...

Writes one Falco JSON alert per line for every rule in the given Falco rule
files, plus Falco internal alerts, and a file of malformed request bodies.

Options:
  --out FILE            alert corpus to write (default: ${DEFAULTS.out})
  --malformed-out FILE  malformed bodies to write (default: ${DEFAULTS.malformedOut})
  --seed N              random seed, 0 to 4294967295; the same seed and rule
                        files give the same bytes (default: ${DEFAULTS.seed})
  --start TIME          first possible alert time, RFC 3339 in UTC
                        (default: ${DEFAULTS.start})
  --hours N             length of the time window in hours (default: ${DEFAULTS.hours})
  --respelled N         alerts per spelling with priority "info" or "WARNING"
                        instead of Falco's own spelling (default: ${DEFAULTS.respelled})
  -h, --help            show this help
`;

/** Parses the arguments, generates both files and prints what the corpus covers; returns the exit code. */
export function runGenerateCommand(argv: readonly string[], output: CommandOutput): number {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(argv);
  } catch (error) {
    output.stderr.write(`${(error as Error).message}\nRun with --help for usage.\n`);
    return 2;
  }
  if (options === 'help') {
    output.stdout.write(GENERATE_HELP);
    return 0;
  }

  let corpus: Corpus;
  try {
    corpus = generateCorpus(loadRuleFiles(options.ruleFiles), options.corpus);
  } catch (error) {
    if (!(error instanceof RuleFileError)) throw error;
    output.stderr.write(`${error.message}\n`);
    return 1;
  }

  writeText(options.out, corpus.lines.map((line) => `${line}\n`).join(''));
  writeText(options.malformedOut, malformedBodiesFile());

  output.stdout.write(`Wrote ${corpus.lines.length} alerts to ${options.out}:\n`);
  for (const [source, { rules, alerts }] of [...corpus.coverage].sort()) {
    output.stdout.write(
      `  ${source.padEnd(15)} ${String(rules).padStart(4)} rules ${String(alerts).padStart(5)} alerts\n`,
    );
  }
  output.stdout.write(`Wrote malformed request bodies to ${options.malformedOut}\n`);
  return 0;
}

function parseOptions(argv: readonly string[]) {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      out: { type: 'string', default: DEFAULTS.out },
      'malformed-out': { type: 'string', default: DEFAULTS.malformedOut },
      seed: { type: 'string', default: String(DEFAULTS.seed) },
      start: { type: 'string', default: DEFAULTS.start },
      hours: { type: 'string', default: String(DEFAULTS.hours) },
      respelled: { type: 'string', default: String(DEFAULTS.respelled) },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help' as const;
  if (positionals.length === 0) {
    throw new Error('Missing rule files: pass the paths of one or more Falco rule YAML files.');
  }

  return {
    ruleFiles: positionals,
    out: values.out,
    malformedOut: values['malformed-out'],
    corpus: {
      seed: parseInteger('--seed', values.seed, 0, 0xffffffff),
      windowStart: parseStart(values.start),
      windowHours: parseInteger('--hours', values.hours, 1, 24 * 366),
      respelledPriorities: parseInteger('--respelled', values.respelled, 0, 1000),
    },
  };
}

function parseInteger(option: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new Error(`Invalid ${option} "${text}": use a whole number from ${min} to ${max}.`);
  }
  return value;
}

function parseStart(text: string): bigint {
  const milliseconds = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(text) || Number.isNaN(milliseconds)) {
    throw new Error(
      `Invalid --start "${text}": use an RFC 3339 UTC time such as ${DEFAULTS.start}.`,
    );
  }
  return BigInt(milliseconds) * 1_000_000n;
}

function writeText(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
