import { buildDeliveryEngine, type ForwarderConfig } from '@talaria/forwarder';
import {
  escapeAndTruncate,
  FileDeadLetterSink,
  readDeadLetterFiles,
  Redelivery,
  RedeliveryDeadLetter,
  type DeadLetterRecord,
  type DeadLetterSink,
  type DeliveryEngine,
  type InvalidDeadLetterLine,
  type RedeliveryReport,
} from '@talaria/notifiers';
import type { Logger } from '@talaria/telemetry';
import { Registry } from 'prom-client';
import { formatTable } from './dead-letter-summary';

export interface RedeliverSettings {
  config: ForwarderConfig;
  files: string[];
  /** Output names to redeliver to. Empty means every output of the configuration. */
  outputs: string[];
  /** Reasons to redeliver. Empty means every reason. */
  reasons: string[];
  deadLetteredFromMs?: number;
  deadLetteredUntilMs?: number;
  /** The selection options given, such as `--since`, for the report. */
  selection: string[];
  /** Dead letter for records that fail again or do not settle in time. */
  failedPath: string;
  timeoutSeconds: number;
  logger: Logger;
}

export interface RedeliverResult {
  report: RedeliveryReport;
  invalid: InvalidDeadLetterLine[];
  /** Records read from the files, valid ones only. */
  records: number;
  /** Errors of the findings written to the failed file, counted per output. */
  errors: Map<string, Map<string, number>>;
  /** Latest `deadLetteredAt` read, for `--since` in a later run. */
  lastDeadLetteredAt?: string;
  /** When the run began to read the files, in epoch ms. */
  readStartedAtMs: number;
  /** The selection options given, such as `--since`. */
  selection: string[];
}

/**
 * Sends the findings of dead-letter files again, each to the output named in
 * its record, through the outputs of a forwarder configuration. Storm
 * coalescing does not apply: the findings went through it before.
 */
export async function redeliverDeadLetters(settings: RedeliverSettings): Promise<RedeliverResult> {
  const counting = new CountingDeadLetter(
    new FileDeadLetterSink({ path: settings.failedPath, logger: settings.logger }),
  );
  const failed = new RedeliveryDeadLetter(counting);
  const engine = await buildEngine(settings, failed);

  const redelivery = new Redelivery({
    engine,
    deadLetter: failed,
    // The deadline covers the whole run, so an output that hangs cannot hold the tool longer.
    deadlineMs: Date.now() + settings.timeoutSeconds * 1000,
    outputs: settings.outputs.length > 0 ? new Set(settings.outputs) : undefined,
    reasons: settings.reasons.length > 0 ? new Set(settings.reasons) : undefined,
    deadLetteredFromMs: settings.deadLetteredFromMs,
    deadLetteredUntilMs: settings.deadLetteredUntilMs,
  });
  const invalid: InvalidDeadLetterLine[] = [];
  let records = 0;
  let lastDeadLetteredAt: string | undefined;
  const readStartedAtMs = Date.now();

  try {
    await readDeadLetterFiles(
      settings.files,
      (record) => {
        records += 1;
        lastDeadLetteredAt = laterTime(lastDeadLetteredAt, record.deadLetteredAt);
        return redelivery.add(record);
      },
      (line) => invalid.push(line),
    );
    const report = await redelivery.finish();
    return {
      report,
      invalid,
      records,
      errors: counting.errors,
      lastDeadLetteredAt,
      readStartedAtMs,
      selection: settings.selection,
    };
  } finally {
    // Closing the engine closes the dead letter as well.
    await engine.close();
  }
}

/** Builds an engine with only the outputs named on the command line, so no other output is contacted. */
async function buildEngine(
  settings: RedeliverSettings,
  deadLetter: DeadLetterSink,
): Promise<DeliveryEngine> {
  const configured = settings.config.outputs.map((output) => String(output.name));
  const unknown = settings.outputs.filter((name) => !configured.includes(name));
  if (unknown.length > 0) {
    await deadLetter.close();
    throw new Error(
      `--output ${unknown.join(', ')} is not an output of the configuration; it has ${configured.join(', ') || 'no outputs'}`,
    );
  }

  const selected = new Set(settings.outputs.length > 0 ? settings.outputs : configured);
  const config = {
    ...settings.config,
    outputs: settings.config.outputs.filter((output) => selected.has(String(output.name))),
  };
  return buildDeliveryEngine(config, settings.logger, new Registry(), { deadLetter });
}

/** Passes records on to the failed file and counts their errors per output, for the report. */
class CountingDeadLetter implements DeadLetterSink {
  readonly errors = new Map<string, Map<string, number>>();

  constructor(private readonly inner: DeadLetterSink) {}

  async write(records: DeadLetterRecord[]): Promise<void> {
    await this.inner.write(records);
    for (const { output, lastError } of records) {
      const errors = this.errors.get(output) ?? new Map<string, number>();
      const error = lastError ?? '(no error recorded)';
      errors.set(error, (errors.get(error) ?? 0) + 1);
      this.errors.set(output, errors);
    }
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** Formats what the redelivery did, one row per output, then what it left out and why. */
export function formatRedeliveryReport(result: RedeliverResult, failedPath: string): string {
  const rows = outcomeRows(result.report);
  const sections = [
    rows.length > 1
      ? [`${result.records} record(s) read.`, '', ...formatTable(rows, 1)]
      : [`${result.records} record(s) read; none was selected for an output of the configuration.`],
    leftOutLines(result),
    failureLines(result, failedPath),
  ];
  if (result.lastDeadLetteredAt !== undefined && leftBehind(result) === 0) {
    sections.push([nextSinceAdvice(result.lastDeadLetteredAt, result.readStartedAtMs)]);
  }
  return `${sections
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join('\n'))
    .join('\n\n')}\n`;
}

// A record is stamped just before it is appended, so after this age no record of
// the same millisecond should still be on its way to the file. NOTE: the minute
// is an estimate. A write stalled longer on a failing disk would be skipped.
const SAME_MILLISECOND_SETTLED_MS = 60_000;

/** Names the --since time of the next run, so that it skips every record read now. */
function nextSinceAdvice(newest: string, readStartedAtMs: number): string {
  const newestMs = Date.parse(newest);
  const read = `The newest record read was dead-lettered at ${newest}.`;
  if (Number.isNaN(newestMs) || readStartedAtMs - newestMs < SAME_MILLISECOND_SETTLED_MS) {
    return (
      `${read} Pass that time as --since to the next run to skip the records read now; ` +
      'records of that same millisecond are sent again, because a dead letter written that recently may still be on its way to the file.'
    );
  }

  return `${read} Pass --since ${new Date(newestMs + 1).toISOString()} to the next run to skip every record read now.`;
}

function outcomeRows(report: RedeliveryReport): string[][] {
  const rows = [['output', 'selected', 'delivered', 'failed again', 'not settled', 'not routed']];
  for (const [output, counts] of report.outputs) {
    rows.push([
      shown(output),
      String(counts.selected),
      String(counts.delivered),
      String(counts.failedAgain),
      String(counts.unsettled),
      String(counts.notRouted),
    ]);
  }
  return rows;
}

/** Describes the records that were not sent: not selected, repeated, unknown, no longer routed or invalid. */
function leftOutLines(result: RedeliverResult): string[] {
  const { report, invalid } = result;
  const lines: string[] = [];
  if (report.notSelected > 0)
    lines.push(`${report.notSelected} record(s) left out by ${result.selection.join(', ')}.`);
  if (report.atFromTime > 0)
    lines.push(
      `${report.atFromTime} selected record(s) were dead-lettered at the --since time itself; an earlier run may have sent them already, with the same finding ids.`,
    );
  if (report.duplicates > 0)
    lines.push(
      `${report.duplicates} record(s) repeat a finding already sent to its output in this run; sent once.`,
    );
  for (const [output, records] of report.unknownOutputs)
    lines.push(
      `${records} record(s) for output "${shown(output)}", which the configuration does not have; skipped. ` +
        'Add that output to the configuration (or give it its old name) to redeliver them.',
    );
  for (const [output, counts] of report.outputs) {
    if (counts.notRouted === 0) continue;
    lines.push(
      `${counts.notRouted} finding(s) no longer match the route of output "${shown(output)}" ` +
        '(its minPriority, rules, sources or tags) and were not sent; they remain only in the input file.',
    );
  }
  for (const line of invalid.slice(0, 20))
    lines.push(`${line.path}:${line.line}: invalid record, skipped: ${shown(line.problem)}`);
  if (invalid.length > 20) lines.push(`... and ${invalid.length - 20} more invalid line(s).`);
  return lines;
}

/** Lists the most common errors of the findings written to the failed file, and what to do. */
function failureLines(result: RedeliverResult, failedPath: string): string[] {
  if (failedCount(result.report) === 0) return [];

  const lines = [`Last error of each finding written to ${failedPath}, most common first:`];
  for (const [output, errors] of result.errors) {
    const common = [...errors].sort((left, right) => right[1] - left[1]).slice(0, 3);
    for (const [error, count] of common)
      lines.push(`  ${shown(output)}: ${count} x ${escapeAndTruncate(error, 200)}`);
  }
  lines.push(
    'Fix what these errors point to (a 4xx answer means the output rejects the findings as they are), then redeliver that file.',
  );
  return lines;
}

/**
 * Counts the records neither sent nor written to the failed file: for
 * outputs the configuration lacks, no longer routed, or unreadable. Only the
 * input files still contain them.
 */
function leftBehind(result: RedeliverResult): number {
  let notRouted = 0;
  for (const counts of result.report.outputs.values()) notRouted += counts.notRouted;
  let unknown = 0;
  for (const records of result.report.unknownOutputs.values()) unknown += records;
  return notRouted + unknown + result.invalid.length;
}

/** Counts the findings written to the failed file: rejected again, or not settled in time. */
export function failedCount(report: RedeliveryReport): number {
  let failed = 0;
  for (const counts of report.outputs.values()) failed += counts.failedAgain + counts.unsettled;
  return failed;
}

/** Returns 0 when every selected record was delivered, else 1. */
export function redeliveryExitStatus(result: RedeliverResult): number {
  const { report } = result;
  let notRouted = 0;
  for (const counts of report.outputs.values()) notRouted += counts.notRouted;
  const problems =
    failedCount(report) + notRouted + report.unknownOutputs.size + result.invalid.length;
  return problems > 0 ? 1 : 0;
}

function laterTime(current: string | undefined, candidate: unknown): string | undefined {
  if (typeof candidate !== 'string') return current;
  // ISO 8601 times in UTC sort as text.
  return current === undefined || candidate > current ? candidate : current;
}

function shown(text: string): string {
  return escapeAndTruncate(text, 80);
}
