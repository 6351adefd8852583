import {
  escapeAndTruncate,
  readDeadLetterFiles,
  type DeadLetterRecord,
  type InvalidDeadLetterLine,
} from '@talaria/notifiers';

/** Counts of dead-letter records by output, reason and rule. */
export interface DeadLetterSummary {
  records: number;
  /** Records per output, then per reason. */
  byOutput: Map<string, Map<string, number>>;
  rules: Map<string, number>;
  /** Records per last error. */
  errors: Map<string, number>;
  firstDeadLetteredAt?: string;
  lastDeadLetteredAt?: string;
  /** Records written by a redelivery, per reason the output first gave up on their findings. */
  firstReasons: Map<string, number>;
  /** The earliest time an output first gave up, among the records written by a redelivery. */
  earliestFirstDeadLetter?: string;
  invalid: InvalidDeadLetterLine[];
}

const TOP_RULES = 10;
const TOP_ERRORS = 5;
const MAX_ERROR_LENGTH = 160;
// Names come from the alerts, so they are cut and escaped before they reach a terminal.
const MAX_NAME_LENGTH = 80;

/** Reads dead-letter files and counts their records. */
export async function summariseDeadLetters(paths: readonly string[]): Promise<DeadLetterSummary> {
  const summary: DeadLetterSummary = {
    records: 0,
    byOutput: new Map(),
    rules: new Map(),
    errors: new Map(),
    firstReasons: new Map(),
    invalid: [],
  };

  await readDeadLetterFiles(
    paths,
    (record) => count(summary, record),
    (invalid) => summary.invalid.push(invalid),
  );
  return summary;
}

function count(summary: DeadLetterSummary, record: DeadLetterRecord): void {
  summary.records += 1;

  const reasons = summary.byOutput.get(record.output) ?? new Map<string, number>();
  reasons.set(record.reason, (reasons.get(record.reason) ?? 0) + 1);
  summary.byOutput.set(record.output, reasons);

  const rule = typeof record.finding.alert.rule === 'string' ? record.finding.alert.rule : '';
  summary.rules.set(rule, (summary.rules.get(rule) ?? 0) + 1);
  const error = typeof record.lastError === 'string' ? record.lastError : '(no error recorded)';
  summary.errors.set(error, (summary.errors.get(error) ?? 0) + 1);

  countFirstDeadLetter(summary, record);

  // ISO 8601 times in UTC sort as text.
  const at = record.deadLetteredAt;
  if (typeof at !== 'string') return;
  if (summary.firstDeadLetteredAt === undefined || at < summary.firstDeadLetteredAt)
    summary.firstDeadLetteredAt = at;
  if (summary.lastDeadLetteredAt === undefined || at > summary.lastDeadLetteredAt)
    summary.lastDeadLetteredAt = at;
}

// Records read back from a file may hold anything under this key, so each part is checked.
function countFirstDeadLetter(summary: DeadLetterSummary, record: DeadLetterRecord): void {
  const first = record.firstDeadLetter as Partial<Record<string, unknown>> | undefined;
  if (first === null || typeof first !== 'object' || typeof first.reason !== 'string') return;

  summary.firstReasons.set(first.reason, (summary.firstReasons.get(first.reason) ?? 0) + 1);
  const at = first.deadLetteredAt;
  if (
    typeof at === 'string' &&
    (summary.earliestFirstDeadLetter === undefined || at < summary.earliestFirstDeadLetter)
  ) {
    summary.earliestFirstDeadLetter = at;
  }
}

/** Formats the summary as text for a terminal. */
export function formatDeadLetterSummary(summary: DeadLetterSummary, files: number): string {
  const lines: string[] = [];
  const range =
    summary.firstDeadLetteredAt === undefined
      ? ''
      : `, dead-lettered from ${summary.firstDeadLetteredAt} to ${summary.lastDeadLetteredAt}`;
  lines.push(`${summary.records} records in ${files} file(s)${range}`);

  if (summary.records > 0) {
    const rows: string[][] = [['output', 'reason', 'records']];
    for (const [output, reasons] of [...summary.byOutput].sort(byName)) {
      for (const [reason, records] of [...reasons].sort(byName))
        rows.push([shown(output), shown(reason), String(records)]);
    }
    lines.push('', ...formatTable(rows, 2));

    lines.push(
      '',
      `Most common errors (${Math.min(TOP_ERRORS, summary.errors.size)} of ${summary.errors.size}):`,
    );
    for (const [error, records] of mostCommon(summary.errors, TOP_ERRORS))
      lines.push(`  ${String(records).padStart(7)}  ${escapeAndTruncate(error, MAX_ERROR_LENGTH)}`);

    lines.push(
      '',
      `Rules with the most records (${Math.min(TOP_RULES, summary.rules.size)} of ${summary.rules.size}):`,
    );
    for (const [rule, records] of mostCommon(summary.rules, TOP_RULES))
      lines.push(`  ${String(records).padStart(7)}  ${rule === '' ? '(no rule)' : shown(rule)}`);
  }

  if (summary.firstReasons.size > 0) {
    const redelivered = [...summary.firstReasons.values()].reduce((sum, n) => sum + n, 0);
    const since =
      summary.earliestFirstDeadLetter === undefined
        ? ''
        : `, the earliest at ${shown(summary.earliestFirstDeadLetter)}`;
    lines.push(
      '',
      `${redelivered} record(s) come from a redelivery. Why their output first gave up${since}:`,
    );
    for (const [reason, records] of mostCommon(summary.firstReasons, summary.firstReasons.size))
      lines.push(`  ${String(records).padStart(7)}  ${shown(reason)}`);
  }

  if (summary.invalid.length > 0) {
    lines.push('', `${summary.invalid.length} invalid line(s), skipped:`);
    for (const invalid of summary.invalid.slice(0, 20))
      lines.push(`  ${invalid.path}:${invalid.line}: ${shown(invalid.problem)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Lays out rows as columns: the first `textColumns` aligned left, the counts after them aligned right. */
export function formatTable(rows: string[][], textColumns: number): string[] {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) =>
    row
      .map((cell, column) =>
        column < textColumns ? cell.padEnd(widths[column]) : cell.padStart(widths[column]),
      )
      .join('  ')
      .trimEnd(),
  );
}

function shown(text: string): string {
  return escapeAndTruncate(text, MAX_NAME_LENGTH);
}

function mostCommon(counts: Map<string, number>, limit: number): Array<[string, number]> {
  return [...counts].sort((left, right) => right[1] - left[1]).slice(0, limit);
}

function byName(left: [string, unknown], right: [string, unknown]): number {
  return left[0].localeCompare(right[0]);
}
