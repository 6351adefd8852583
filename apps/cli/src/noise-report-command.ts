import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  FilterFileError,
  formatCandidateFilters,
  formatNoiseReport,
  loadFilterFiles,
  NoiseReportBuilder,
  type FilterSet,
} from '@talaria/noise-filter';
import { stringifyJson } from '@talaria/falco-event';
import { forEachEventLine, positiveInteger, UsageError } from './event-file';
import type { CommandStreams } from './command-streams';

const HELP = `Usage: talaria noise-report [options] EVENTS.ndjson

Reads Falco alerts (one JSON alert per line, as Falco's JSON output writes
them), ranks rules, workloads, images, namespaces and processes by alert
volume, shows the share of alerts each filter would remove, and proposes
candidate filters for the largest sources as a filter file to review.

Options:
  --filters FILE      Filter file to measure; repeat to merge several in order (default: none)
  --top N             Entries per ranking and candidate filters proposed (default: 10)
  --min-alerts N      Fewest alerts a group needs to be proposed as a candidate (default: 2)
  --candidates FILE   Also write the candidate filters to FILE as YAML (default: printed only)
  --cluster NAME      Cluster stamped on the alerts, as the forwarder would (default: default)
  --region NAME       Region stamped on the alerts (default: unknown)
  --format FORMAT     text for people, json for tools (default: text)
  -h, --help          Show this help

Exit status: 0 on success, 1 when a filter file is invalid, 2 for a usage
error or an unreadable events file.`;

export async function runNoiseReportCommand(
  args: string[],
  streams: CommandStreams = process,
): Promise<number> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(args);
  } catch (error) {
    streams.stderr.write(`talaria noise-report: ${(error as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  if (options.help) {
    streams.stdout.write(`${HELP}\n`);
    return 0;
  }

  let filters: FilterSet | undefined;
  if (options.filterFiles.length > 0) {
    try {
      filters = await loadFilterFiles(options.filterFiles);
    } catch (error) {
      if (!(error instanceof FilterFileError)) throw error;
      streams.stderr.write(`talaria noise-report: ${error.message}\n`);
      return 1;
    }
  }

  const nowMs = Date.now();
  const builder = new NoiseReportBuilder({
    filters,
    top: options.top,
    minCandidateAlerts: options.minAlerts,
    nowMs,
  });
  try {
    await forEachEventLine(options.events, options.context, (result) => {
      if ('finding' in result) builder.add(result.finding);
      else builder.addInvalidLine();
    });
  } catch (error) {
    streams.stderr.write(
      `talaria noise-report: cannot read ${options.events}: ${(error as Error).message}\n`,
    );
    return 2;
  }

  const report = builder.build();
  if (options.candidatesFile !== undefined) {
    writeFileSync(options.candidatesFile, formatCandidateFilters(report.candidates, nowMs));
  }
  streams.stdout.write(
    options.format === 'json' ? `${stringifyJson(report)}\n` : formatNoiseReport(report, nowMs),
  );
  return 0;
}

function parseOptions(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      filters: { type: 'string', multiple: true, default: [] },
      top: { type: 'string', default: '10' },
      'min-alerts': { type: 'string', default: '2' },
      candidates: { type: 'string' },
      cluster: { type: 'string', default: 'default' },
      region: { type: 'string', default: 'unknown' },
      format: { type: 'string', default: 'text' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });

  const help = values.help;
  if (!help && positionals.length !== 1)
    throw new UsageError(`expected one events file; got ${positionals.length} files`);
  if (values.format !== 'text' && values.format !== 'json')
    throw new UsageError(`--format must be text or json; got "${values.format}"`);

  return {
    help,
    events: positionals[0],
    filterFiles: values.filters,
    top: positiveInteger('top', values.top),
    minAlerts: positiveInteger('min-alerts', values['min-alerts']),
    candidatesFile: values.candidates,
    context: { cluster: values.cluster, region: values.region },
    format: values.format,
  };
}
