import { buildDeliveryEngine, type ForwarderConfig } from '@talaria/forwarder';
import {
  escapeAndTruncate,
  FileDeadLetterSink,
  readDeadLetterFiles,
  Redelivery,
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
  /** Dead letter for records that fail again or do not settle in time. */
  failedPath: string;
  timeoutSeconds: number;
  logger: Logger;
}

export interface RedeliverResult {
  report: RedeliveryReport;
  invalid: InvalidDeadLetterLine[];
}

/**
 * Sends the findings of dead-letter files again, each to the output named in
 * its record, through the outputs of a forwarder configuration. Storm
 * coalescing does not apply: the findings went through it before.
 */
export async function redeliverDeadLetters(settings: RedeliverSettings): Promise<RedeliverResult> {
  const deadLetter = new FileDeadLetterSink({ path: settings.failedPath, logger: settings.logger });
  const engine = await buildEngine(settings, deadLetter);

  const redelivery = new Redelivery({
    engine,
    deadLetter,
    outputs: settings.outputs.length > 0 ? new Set(settings.outputs) : undefined,
    reasons: settings.reasons.length > 0 ? new Set(settings.reasons) : undefined,
  });
  const invalid: InvalidDeadLetterLine[] = [];

  try {
    await readDeadLetterFiles(
      settings.files,
      (record) => redelivery.add(record),
      (line) => invalid.push(line),
    );
    const report = await redelivery.finish(Date.now() + settings.timeoutSeconds * 1000);
    return { report, invalid };
  } finally {
    // Closing the engine closes the dead letter as well.
    await engine.close();
  }
}

/** Builds an engine with only the outputs named on the command line, so no other output is contacted. */
async function buildEngine(
  settings: RedeliverSettings,
  deadLetter: FileDeadLetterSink,
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

/** Formats what the redelivery did, one row per output, and what it left out. */
export function formatRedeliveryReport(result: RedeliverResult, failedPath: string): string {
  const { report, invalid } = result;
  const lines: string[] = [];

  const rows: string[][] = [
    ['output', 'selected', 'delivered', 'failed again', 'not settled', 'not routed'],
  ];
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
  lines.push(...formatTable(rows, 1));

  if (report.notSelected > 0)
    lines.push(`${report.notSelected} record(s) left out by --output or --reason.`);
  for (const [output, records] of report.unknownOutputs)
    lines.push(
      `${records} record(s) for output "${shown(output)}", which the configuration does not have; skipped.`,
    );
  for (const line of invalid.slice(0, 20))
    lines.push(`${line.path}:${line.line}: invalid record, skipped: ${shown(line.problem)}`);
  if (invalid.length > 20) lines.push(`... and ${invalid.length - 20} more invalid line(s).`);

  if (failedCount(report) > 0) {
    lines.push(
      `Findings that failed again or did not settle were written to ${failedPath}; redeliver that file once the output is back.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Counts the findings written to the failed file: rejected again, or not settled in time. */
export function failedCount(report: RedeliveryReport): number {
  let failed = 0;
  for (const counts of report.outputs.values()) failed += counts.failedAgain + counts.unsettled;
  return failed;
}

function shown(text: string): string {
  return escapeAndTruncate(text, 80);
}
