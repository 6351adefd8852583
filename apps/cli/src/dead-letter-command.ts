import { accessSync, constants, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type ForwarderConfig } from '@talaria/forwarder';
import { DEAD_LETTER_REASONS } from '@talaria/notifiers';
import { createLogger } from '@talaria/telemetry';
import { positiveInteger, UsageError } from './event-file';
import {
  formatRedeliveryReport,
  redeliverDeadLetters,
  redeliveryExitStatus,
} from './dead-letter-redeliver';
import { formatDeadLetterSummary, summariseDeadLetters } from './dead-letter-summary';
import type { CommandStreams } from './command-streams';

const DEFAULT_TIMEOUT_SECONDS = 300;

const HELP = `Usage: talaria dead-letter summary FILE...
       talaria dead-letter redeliver --config FILE [options] FILE...

summary    Counts the records of dead-letter files by output and reason, with
           the time range they cover, their most common errors and rules.
redeliver  Sends each record's finding again to the output named in the record,
           and to no other output, through the outputs of a forwarder
           configuration. A finding listed twice is sent once. Findings
           rejected again, not settled within --timeout, or meant for an
           output whose circuit opened during the run are appended to the
           --failed file, which can be redelivered in turn. The input
           files are left as they are.

FILE is a dead-letter file of the forwarder (deadLetter.path), or one of its
rotated copies (.1 to .5). The forwarder may go on appending to its file:
pass the time a run reports as --since to the next run, which then skips what
the first one read, except records of that same millisecond, which are sent
again with their finding ids.

The configuration is read for its outputs only, so ingest tokens, TLS files
and enrichment secrets need not be set.

Options of redeliver:
  --config FILE       Forwarder YAML configuration with the outputs (required)
  --output NAME       Redeliver only the records of this output; repeat for
                      several (default: every output of the configuration)
  --reason REASON     Redeliver only records with this reason; repeat for
                      several (default: every reason). The reasons are
                      ${DEAD_LETTER_REASONS.slice(0, 3).join(', ')},
                      ${DEAD_LETTER_REASONS.slice(3).join(', ')}
  --since TIME        Only records dead-lettered at or after this RFC 3339 time
  --until TIME        Only records dead-lettered at or before this RFC 3339 time
  --failed FILE       Dead letter of this run, appended to (default:
                      redelivery-failed-TIME.ndjson beside the first FILE)
  --timeout SECONDS   Longest run; what is not settled by then goes to the
                      --failed file. A send already running still finishes or
                      times out first (a webhook's timeoutMs). Default: ${DEFAULT_TIMEOUT_SECONDS}
  -h, --help          Show this help

Exit status: 0 when every selected finding was delivered (also when there
were none), 1 when some failed again, did not settle, no longer match their
output's route, belong to an output the configuration lacks, or when a line
is not a record, 2 for a usage or configuration error, an unreadable file, or
files with lines of which none is a record.`;

const HELP_HINT = 'Run "talaria dead-letter --help" for the options.';

export async function runDeadLetterCommand(
  args: string[],
  streams: CommandStreams = process,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand === undefined || ['--help', '-h', 'help'].includes(subcommand)) {
    streams.stdout.write(`${HELP}\n`);
    return subcommand === undefined ? 2 : 0;
  }
  if (subcommand !== 'summary' && subcommand !== 'redeliver') {
    streams.stderr.write(
      `talaria dead-letter: unknown subcommand "${subcommand}"; use summary or redeliver. ${HELP_HINT}\n`,
    );
    return 2;
  }

  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(subcommand, rest);
    if (!options.help) requireReadable(options.files);
  } catch (error) {
    streams.stderr.write(`talaria dead-letter ${subcommand}: ${(error as Error).message}\n`);
    if ((error as { code?: string }).code !== 'unreadable') streams.stderr.write(`${HELP_HINT}\n`);
    return 2;
  }
  if (options.help) {
    streams.stdout.write(`${HELP}\n`);
    return 0;
  }

  try {
    return subcommand === 'summary'
      ? await summary(options, streams)
      : await redeliver(options, streams, env);
  } catch (error) {
    streams.stderr.write(`talaria dead-letter ${subcommand}: ${(error as Error).message}\n`);
    return 2;
  }
}

async function summary(options: ReturnType<typeof parseOptions>, streams: CommandStreams) {
  const result = await summariseDeadLetters(options.files);
  if (result.records === 0 && result.invalid.length > 0) {
    streams.stderr.write(`talaria dead-letter summary: ${noRecordsMessage(options.files)}\n`);
    return 2;
  }

  streams.stdout.write(formatDeadLetterSummary(result, options.files.length));
  return result.invalid.length > 0 ? 1 : 0;
}

async function redeliver(
  options: ReturnType<typeof parseOptions>,
  streams: CommandStreams,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const config = readConfig(options.config, env);
  const failedPath = options.failed ?? defaultFailedPath(options.files[0]);
  const result = await redeliverDeadLetters({
    config,
    files: options.files,
    outputs: options.outputs,
    reasons: options.reasons,
    deadLetteredFromMs: options.sinceMs,
    deadLetteredUntilMs: options.untilMs,
    selection: selectionOptions(options),
    failedPath,
    timeoutSeconds: options.timeoutSeconds,
    // Failed sends are logged as they happen, and the report follows on stdout.
    logger: createLogger({ level: 'warn', destination: streams.stderr as never }),
  });

  if (result.records === 0 && result.invalid.length > 0) {
    streams.stderr.write(`talaria dead-letter redeliver: ${noRecordsMessage(options.files)}\n`);
    return 2;
  }
  streams.stdout.write(formatRedeliveryReport(result, failedPath));
  return redeliveryExitStatus(result);
}

/** Names the selection options given, for the report's line about records left out. */
function selectionOptions(options: ReturnType<typeof parseOptions>): string[] {
  const named: string[] = [];
  if (options.outputs.length > 0) named.push('--output');
  if (options.reasons.length > 0) named.push('--reason');
  if (options.sinceMs !== undefined) named.push('--since');
  if (options.untilMs !== undefined) named.push('--until');
  return named;
}

function readConfig(path: string | undefined, env: NodeJS.ProcessEnv): ForwarderConfig {
  if (path === undefined) {
    throw new UsageError('--config is required: the outputs to redeliver to come from it');
  }
  try {
    // Ingest tokens, TLS and enrichment secrets are not needed to deliver findings.
    return loadConfig({ file: path, env, outputsOnly: true });
  } catch (error) {
    // The message of a ConfigError already begins with "Invalid configuration".
    if (error instanceof ConfigError) throw new Error(error.message);
    throw error;
  }
}

function noRecordsMessage(files: readonly string[]): string {
  return `no line of ${files.join(', ')} is a dead-letter record (each needs output, reason and finding); pass the file at the forwarder's deadLetter.path or one of its rotated copies`;
}

function requireReadable(files: readonly string[]): void {
  for (const file of files) {
    try {
      accessSync(file, constants.R_OK);
    } catch (error) {
      const reason =
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'it does not exist'
          : (error as Error).message;
      throw Object.assign(new Error(`cannot read ${file}: ${reason}`), { code: 'unreadable' });
    }
  }
}

function defaultFailedPath(firstFile: string): string {
  const time = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return join(dirname(firstFile), `redelivery-failed-${time}.ndjson`);
}

function parseOptions(subcommand: 'summary' | 'redeliver', args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      output: { type: 'string', multiple: true, default: [] },
      reason: { type: 'string', multiple: true, default: [] },
      since: { type: 'string' },
      until: { type: 'string' },
      failed: { type: 'string' },
      timeout: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });

  const redeliverOnly =
    values.config !== undefined ||
    values.failed !== undefined ||
    values.timeout !== undefined ||
    values.since !== undefined ||
    values.until !== undefined ||
    values.output.length > 0 ||
    values.reason.length > 0;
  if (subcommand === 'summary' && redeliverOnly) {
    throw new UsageError(
      '--config, --output, --reason, --since, --until, --failed and --timeout are options of redeliver, not of summary',
    );
  }
  if (!values.help && positionals.length === 0) {
    throw new UsageError('expected at least one dead-letter file');
  }
  if (subcommand === 'redeliver' && !values.help && values.config === undefined) {
    throw new UsageError('--config is required: the outputs to redeliver to come from it');
  }

  const known: readonly string[] = DEAD_LETTER_REASONS;
  const unknownReasons = values.reason.filter((reason) => !known.includes(reason));
  if (unknownReasons.length > 0) {
    throw new UsageError(
      `--reason ${unknownReasons.join(', ')} is not a dead-letter reason; use one of ${DEAD_LETTER_REASONS.join(', ')}`,
    );
  }
  const { failed } = values;
  if (failed !== undefined && positionals.some((file) => isSameFile(file, failed))) {
    throw new UsageError(
      `--failed ${failed} is also an input file; the run would read its own failures back. Name another file.`,
    );
  }

  return {
    help: values.help,
    files: positionals,
    config: values.config,
    outputs: values.output,
    reasons: values.reason,
    sinceMs: readTime('since', values.since),
    untilMs: readTime('until', values.until),
    failed: values.failed,
    timeoutSeconds:
      values.timeout === undefined
        ? DEFAULT_TIMEOUT_SECONDS
        : positiveInteger('timeout', values.timeout),
  };
}

/** True when both paths name one file, also through a symbolic or hard link. */
function isSameFile(left: string, right: string): boolean {
  if (resolve(left) === resolve(right)) return true;
  try {
    const leftStat = statSync(left);
    const rightStat = statSync(right);
    return leftStat.dev === rightStat.dev && leftStat.ino === rightStat.ino;
  } catch {
    // A file that does not exist yet cannot be an input.
    return false;
  }
}

function readTime(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw new UsageError(
      `--${option} must be an RFC 3339 time such as 2026-12-05T07:00:00Z; got "${value}"`,
    );
  }
  return ms;
}
