import { parseArgs } from 'node:util';
import { stringifyJson } from '@talaria/falco-event';
import {
  FilterFileError,
  formatVerdict,
  loadFilterFiles,
  parseExpiry,
  summarizeVerdicts,
  testEvent,
  type EventVerdict,
  type FilterSet,
  type InvalidEventLine,
} from '@talaria/noise-filter';
import { forEachEventLine, UsageError } from './event-file';
import type { CommandStreams } from './command-streams';

const HELP = `Usage: talaria filters validate FILTERS.yaml...
       talaria filters test [options] FILTERS.yaml... EVENTS.ndjson

validate  Checks filter files, merged in the order given, and prints every
          problem as file:line: key: message.
test      Checks the filter files, then shows for each alert of EVENTS.ndjson
          (one Falco JSON alert per line) which filter suppresses it, or none,
          and a count per filter. The last file is the events file.

Options of test:
  --at TIME           Evaluate expiry at this date or RFC 3339 time (default: now)
  --cluster NAME      Cluster stamped on the alerts, as the forwarder would (default: default)
  --region NAME       Region stamped on the alerts (default: unknown)
  --only-suppressed   Print only the alerts a filter suppresses or an expired filter matches
                      (default: print every alert)
  --format FORMAT     text for people, json for tools (default: text)
  -h, --help          Show this help

Exit status: 0 when the filter files are valid, 1 when any is invalid, 2 for
a usage error or an unreadable events file. Invalid alert lines are listed
and do not change the status.`;

export async function runFiltersCommand(
  args: string[],
  streams: CommandStreams = process,
): Promise<number> {
  const [subcommand, ...rest] = args;
  if (
    subcommand === undefined ||
    subcommand === '--help' ||
    subcommand === '-h' ||
    subcommand === 'help'
  ) {
    streams.stdout.write(`${HELP}\n`);
    return subcommand === undefined ? 2 : 0;
  }
  if (subcommand !== 'validate' && subcommand !== 'test') {
    streams.stderr.write(
      `talaria filters: unknown subcommand "${subcommand}"; use validate or test\n\n${HELP}\n`,
    );
    return 2;
  }

  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(subcommand, rest);
  } catch (error) {
    streams.stderr.write(`talaria filters ${subcommand}: ${(error as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  if (options.help) {
    streams.stdout.write(`${HELP}\n`);
    return 0;
  }

  let filters: FilterSet;
  try {
    filters = await loadFilterFiles(options.filterFiles);
  } catch (error) {
    if (!(error instanceof FilterFileError)) throw error;
    streams.stderr.write(`talaria filters ${subcommand}: ${error.message}\n`);
    return 1;
  }

  if (subcommand === 'validate') {
    const expired = filters
      .expiredAt(Date.now())
      .map((filter) => `${filter.name} (expired ${filter.expires})`);
    streams.stdout.write(`${options.filterFiles.join(', ')}: ${filters.size} filters are valid\n`);
    if (expired.length > 0)
      streams.stdout.write(`Expired filters, which no longer suppress: ${expired.join(', ')}\n`);
    return 0;
  }
  return runTest(filters, options, streams);
}

async function runTest(
  filters: FilterSet,
  options: ReturnType<typeof parseOptions>,
  streams: CommandStreams,
): Promise<number> {
  const verdicts: EventVerdict[] = [];
  const invalid: InvalidEventLine[] = [];
  const events = options.events as string;

  try {
    await forEachEventLine(events, options.context, (result) => {
      if ('finding' in result)
        verdicts.push(testEvent(filters, result.finding, result.line, options.atMs));
      else invalid.push(result);
    });
  } catch (error) {
    streams.stderr.write(
      `talaria filters test: cannot read ${events}: ${(error as Error).message}\n`,
    );
    return 2;
  }

  const summary = summarizeVerdicts(filters, verdicts, invalid.length);
  if (options.format === 'json') {
    streams.stdout.write(`${stringifyJson({ verdicts, invalidLines: invalid, summary })}\n`);
    return 0;
  }

  for (const verdict of verdicts) {
    const matched = verdict.filter !== undefined || verdict.expiredFilters.length > 0;
    if (!options.onlySuppressed || matched) streams.stdout.write(`${formatVerdict(verdict)}\n`);
  }
  for (const line of invalid)
    streams.stdout.write(`line ${line.line}: invalid alert: ${line.problems.join('; ')}\n`);

  streams.stdout.write(
    `\n${summary.events} alerts: ${summary.suppressed} suppressed, ${summary.wouldSuppress} would be suppressed (dry run), ` +
      `${summary.passed} not suppressed, ${summary.invalidLines} invalid lines\n`,
  );
  for (const [name, count] of Object.entries(summary.perFilter))
    streams.stdout.write(`  ${String(count).padStart(7)}  ${name}\n`);
  return 0;
}

function parseOptions(subcommand: 'validate' | 'test', args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      at: { type: 'string' },
      cluster: { type: 'string', default: 'default' },
      region: { type: 'string', default: 'unknown' },
      'only-suppressed': { type: 'boolean', default: false },
      format: { type: 'string', default: 'text' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });

  const help = values.help;
  const needed = subcommand === 'test' ? 2 : 1;
  if (!help && positionals.length < needed) {
    const what =
      subcommand === 'test'
        ? 'at least one filter file and an events file'
        : 'at least one filter file';
    throw new UsageError(`expected ${what}; got ${positionals.length} files`);
  }
  if (values.format !== 'text' && values.format !== 'json')
    throw new UsageError(`--format must be text or json; got "${values.format}"`);

  let atMs = Date.now();
  if (values.at !== undefined) {
    const parsed = parseExpiry(values.at);
    if (typeof parsed === 'string')
      throw new UsageError(`--at: ${parsed.replace(/^expires/, 'time')}`);
    // A date means its start here, while an expiry date means its end.
    atMs = /^\d{4}-\d{2}-\d{2}$/.test(values.at) ? parsed - 24 * 60 * 60 * 1000 : parsed;
  }

  return {
    help,
    filterFiles: subcommand === 'test' ? positionals.slice(0, -1) : positionals,
    events: subcommand === 'test' ? positionals[positionals.length - 1] : undefined,
    atMs,
    context: { cluster: values.cluster, region: values.region },
    onlySuppressed: values['only-suppressed'],
    format: values.format,
  };
}
