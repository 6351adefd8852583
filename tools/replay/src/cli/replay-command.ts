import { parseArgs } from 'node:util';
import { loadCorpus } from '../load-corpus';
import { replay } from '../replay';
import { ReplayError } from '../replay-error';
import {
  REPLAY_DEFAULTS,
  REPLAY_MODES,
  type ReplayMode,
  type ReplayOptions,
} from '../replay-options';
import { formatReport } from './format-report';

/** Output streams of the command. process.stdout and process.stderr fit. */
export interface CommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

const DEFAULT_URL = 'http://127.0.0.1:2801/';

export const REPLAY_HELP = `Usage: talaria replay FILE... [options]

Sends each non-blank line of the NDJSON files to a forwarder as Falco's
http_output does: one alert per POST, over keep-alive connections. Lines are
sent byte for byte, so large integers and malformed lines arrive unchanged.

Options:
  --url URL           forwarder endpoint (default: ${DEFAULT_URL})
  --rate N            requests per second across all connections; 0 sends as
                      fast as the forwarder answers (default: 0)
  --concurrency N     connections sending in parallel (default: ${REPLAY_DEFAULTS.concurrency}, like one Falco)
  --mode MODE         single: one alert per request, as Falco sends;
                      array: a JSON array of --batch-size alerts;
                      ndjson: --batch-size alerts, one per line (default: single)
  --batch-size N      alerts per request in array and ndjson modes (default: ${REPLAY_DEFAULTS.batchSize})
  --gzip              compress request bodies and send Content-Encoding: gzip
  --header 'K: V'     add a request header; repeat for more headers
  --token T           send Authorization: Bearer T
  --repeat N          passes over the corpus (default: 1, or unlimited with --duration)
  --duration SECONDS  stop starting requests after this many seconds (default: no limit)
  --timeout MS        maximum time for one request, in milliseconds (default: ${REPLAY_DEFAULTS.timeoutMs})
  --json              print the report as JSON instead of a summary
  -h, --help          show this help

Exit status: 0 when the forwarder answered (rejections included), 1 when it
could not be reached, 2 for invalid options or unreadable files.
`;

/** Runs `talaria replay` with the arguments after the subcommand and returns the exit status. */
export async function runReplayCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  let parsed: ParsedCommand;
  try {
    parsed = parseCommand(argv);
  } catch (error) {
    return usageError(io, error);
  }
  if (parsed === 'help') {
    io.stdout.write(REPLAY_HELP);
    return 0;
  }

  let report;
  try {
    const bodies = await loadCorpus(parsed.files);
    report = await replay({ ...parsed.options, bodies });
  } catch (error) {
    if (error instanceof ReplayError) return usageError(io, error);
    throw error;
  }

  io.stdout.write(parsed.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  if (report.responses > 0) return 0;

  io.stderr.write(
    `Could not reach the forwarder at ${report.url}: ${report.firstTransportError ?? 'no response'} ` +
      `(${report.sent} request(s) sent, none answered). ` +
      'Check that the forwarder is running and listening there, or pass --url.\n',
  );
  return 1;
}

type ParsedCommand =
  | 'help'
  | { files: string[]; json: boolean; options: Omit<ReplayOptions, 'bodies'> & { url: string } };

function parseCommand(argv: readonly string[]): ParsedCommand {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      url: { type: 'string', default: DEFAULT_URL },
      rate: { type: 'string' },
      concurrency: { type: 'string' },
      mode: { type: 'string' },
      'batch-size': { type: 'string' },
      gzip: { type: 'boolean', default: false },
      header: { type: 'string', multiple: true, default: [] },
      token: { type: 'string' },
      repeat: { type: 'string' },
      duration: { type: 'string' },
      timeout: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  if (positionals.length === 0) {
    throw new ReplayError(
      'Missing corpus files: pass one or more NDJSON files, such as samples/falco-events.ndjson.',
    );
  }

  const mode = values.mode ?? 'single';
  if (!REPLAY_MODES.includes(mode as ReplayMode)) {
    throw new ReplayError(`Invalid --mode "${mode}": use ${REPLAY_MODES.join(', ')}.`);
  }

  return {
    files: positionals,
    json: values.json,
    options: {
      url: values.url,
      mode: mode as ReplayMode,
      gzip: values.gzip,
      headers: parseHeaders(values.header, values.token),
      rate: optionalNumber('--rate', values.rate, { integer: false, min: 0 }),
      concurrency: optionalNumber('--concurrency', values.concurrency, { integer: true, min: 1 }),
      batchSize: optionalNumber('--batch-size', values['batch-size'], { integer: true, min: 1 }),
      repeat: optionalNumber('--repeat', values.repeat, { integer: true, min: 1 }),
      durationSeconds: optionalNumber('--duration', values.duration, {
        integer: false,
        min: 0.001,
      }),
      timeoutMs: optionalNumber('--timeout', values.timeout, { integer: true, min: 1 }),
    },
  };
}

function parseHeaders(lines: string[], token: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const separator = line.indexOf(':');
    const name = line.slice(0, separator).trim();
    if (separator < 1 || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw new ReplayError(
        `Invalid --header "${line}": use "Name: value", for example --header 'X-Cluster: prod-eu-west-1'.`,
      );
    }
    headers[name] = line.slice(separator + 1).trim();
  }

  if (token !== undefined) {
    if (Object.keys(headers).some((name) => name.toLowerCase() === 'authorization')) {
      throw new ReplayError(
        'Both --token and an Authorization --header were given: use one of them.',
      );
    }
    if (token.trim() === '')
      throw new ReplayError('Empty --token: pass the ingest token the forwarder expects.');
    headers.Authorization = `Bearer ${token}`;
  }
  return headers;
}

function optionalNumber(
  option: string,
  text: string | undefined,
  limits: { integer: boolean; min: number },
): number | undefined {
  if (text === undefined) return undefined;

  const value = Number(text);
  const pattern = limits.integer ? /^\d+$/ : /^\d+(\.\d+)?$/;
  if (!pattern.test(text) || value < limits.min) {
    const kind = limits.integer ? 'a whole number' : 'a number';
    throw new ReplayError(`Invalid ${option} "${text}": use ${kind}, ${limits.min} or more.`);
  }
  return value;
}

function usageError(io: CommandIo, error: unknown): number {
  // Errors from node:util come from another realm under some test runners, so read the message by shape.
  const message =
    typeof (error as Error | undefined)?.message === 'string'
      ? (error as Error).message
      : String(error);
  io.stderr.write(`talaria replay: ${message}\nRun "talaria replay --help" for the options.\n`);
  return 2;
}
