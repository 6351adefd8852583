import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '@talaria/forwarder';
import { createLogger } from '@talaria/telemetry';
import { positiveInteger, UsageError } from './event-file';
import { failedCount, formatRedeliveryReport, redeliverDeadLetters } from './dead-letter-redeliver';
import { formatDeadLetterSummary, summariseDeadLetters } from './dead-letter-summary';

const DEFAULT_TIMEOUT_SECONDS = 300;

const HELP = `Usage: talaria dead-letter summary FILE...
       talaria dead-letter redeliver --config FILE [options] FILE...

summary    Counts the records of dead-letter files by output and reason, with
           the time range they cover and the rules they came from.
redeliver  Sends each record's finding again to the output named in the record,
           and to no other output, through the outputs of a forwarder
           configuration. Findings rejected again, or not settled within
           --timeout, go to the --failed file, which can be redelivered in turn.

FILE is a dead-letter file of the forwarder (deadLetter.path), or one of its
rotated copies (.1 to .5).

Options of redeliver:
  --config FILE       Forwarder YAML configuration with the outputs (required)
  --output NAME       Redeliver only the records of this output; repeat for
                      several (default: every output of the configuration)
  --reason REASON     Redeliver only records with this reason, for example
                      output_down; repeat for several (default: every reason)
  --failed FILE       Dead letter of this run (default:
                      redelivery-failed-TIME.ndjson beside the first FILE)
  --timeout SECONDS   Longest wait for the outputs to settle (default: ${DEFAULT_TIMEOUT_SECONDS})
  -h, --help          Show this help

Exit status: 0 when every selected finding was delivered, 1 when some failed
again or did not settle, 2 for a usage or configuration error or an
unreadable file.`;

interface Streams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export async function runDeadLetterCommand(
  args: string[],
  streams: Streams = process,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand === undefined || ['--help', '-h', 'help'].includes(subcommand)) {
    streams.stdout.write(`${HELP}\n`);
    return subcommand === undefined ? 2 : 0;
  }
  if (subcommand !== 'summary' && subcommand !== 'redeliver') {
    streams.stderr.write(
      `talaria dead-letter: unknown subcommand "${subcommand}"; use summary or redeliver\n\n${HELP}\n`,
    );
    return 2;
  }

  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(subcommand, rest);
  } catch (error) {
    streams.stderr.write(
      `talaria dead-letter ${subcommand}: ${(error as Error).message}\n\n${HELP}\n`,
    );
    return 2;
  }
  if (options.help) {
    streams.stdout.write(`${HELP}\n`);
    return 0;
  }

  try {
    if (subcommand === 'summary') {
      const summary = await summariseDeadLetters(options.files);
      streams.stdout.write(formatDeadLetterSummary(summary, options.files.length));
      return 0;
    }
    return await redeliver(options, streams, env);
  } catch (error) {
    streams.stderr.write(`talaria dead-letter ${subcommand}: ${(error as Error).message}\n`);
    return 2;
  }
}

async function redeliver(
  options: ReturnType<typeof parseOptions>,
  streams: Streams,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  if (options.config === undefined) {
    throw new UsageError('--config is required: the outputs to redeliver to come from it');
  }

  let config;
  try {
    config = loadConfig({ file: options.config, env });
  } catch (error) {
    if (error instanceof ConfigError) throw new Error(`invalid configuration: ${error.message}`);
    throw error;
  }

  const failedPath = options.failed ?? defaultFailedPath(options.files[0]);
  const result = await redeliverDeadLetters({
    config,
    files: options.files,
    outputs: options.outputs,
    reasons: options.reasons,
    failedPath,
    timeoutSeconds: options.timeoutSeconds,
    // Failed sends are logged as they happen, and the report follows on stdout.
    logger: createLogger({ level: 'warn', destination: streams.stderr as never }),
  });

  streams.stdout.write(formatRedeliveryReport(result, failedPath));
  let notRouted = 0;
  for (const counts of result.report.outputs.values()) notRouted += counts.notRouted;
  return failedCount(result.report) + notRouted > 0 ? 1 : 0;
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
      failed: { type: 'string' },
      timeout: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });

  const redeliverOnly =
    values.config !== undefined ||
    values.failed !== undefined ||
    values.timeout !== undefined ||
    values.output.length > 0 ||
    values.reason.length > 0;
  if (subcommand === 'summary' && redeliverOnly) {
    throw new UsageError(
      '--config, --output, --reason, --failed and --timeout are options of redeliver, not of summary',
    );
  }
  if (!values.help && positionals.length === 0) {
    throw new UsageError('expected at least one dead-letter file');
  }

  return {
    help: values.help,
    files: positionals,
    config: values.config,
    outputs: values.output,
    reasons: values.reason,
    failed: values.failed,
    timeoutSeconds:
      values.timeout === undefined
        ? DEFAULT_TIMEOUT_SECONDS
        : positiveInteger('timeout', values.timeout),
  };
}
