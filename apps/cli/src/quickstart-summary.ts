import type { Registry } from 'prom-client';
import type { ReplayReport } from '@talaria/replay';

/** Counts the quick start reports, read from the forwarder's own metrics. */
export interface QuickstartSummary {
  received: number;
  accepted: number;
  rejected: Record<string, number>;
  rejectedRequests: Record<string, number>;
  dropped: Record<string, number>;
  suppressed: Record<string, number>;
  delivered: Record<string, number>;
  deadLettered: Record<string, number>;
  /** Alerts folded into storm summaries, per output. */
  coalesced: Record<string, number>;
  /** Storm summaries sent, per output. */
  stormSummaries: Record<string, number>;
}

type MetricValue = { value: number; labels: Record<string, string | number> };

/** Reads the counters the summary needs from a registry. */
export async function readSummary(registry: Registry): Promise<QuickstartSummary> {
  const metrics = await registry.getMetricsAsJSON();
  const values = (name: string): MetricValue[] =>
    (metrics.find((metric) => metric.name === name)?.values as MetricValue[] | undefined) ?? [];
  const total = (name: string) => values(name).reduce((sum, item) => sum + item.value, 0);
  const byLabel = (name: string, label: string) => {
    const counts: Record<string, number> = {};
    for (const item of values(name)) {
      const key = String(item.labels[label] ?? 'unknown');
      counts[key] = (counts[key] ?? 0) + item.value;
    }
    return counts;
  };

  return {
    received: total('talaria_alerts_received_total'),
    accepted: total('talaria_alerts_accepted_total'),
    rejected: byLabel('talaria_alerts_rejected_total', 'reason'),
    rejectedRequests: byLabel('talaria_ingest_requests_rejected_total', 'reason'),
    dropped: byLabel('talaria_alerts_dropped_total', 'reason'),
    suppressed: byLabel('talaria_pipeline_suppressed_total', 'filter'),
    delivered: byLabel('talaria_output_delivered_total', 'output'),
    deadLettered: byLabel('talaria_output_dead_lettered_total', 'output'),
    coalesced: byLabel('talaria_output_coalesced_total', 'output'),
    stormSummaries: byLabel('talaria_output_summaries_total', 'output'),
  };
}

/** Renders the summary as the few lines a new user reads after `npm start`. */
export function formatSummary(input: {
  summary: QuickstartSummary;
  report: ReplayReport;
  outputPath: string;
  deadLetterPath: string;
  /** Output whose storms are coalesced, to point the reader at. */
  notificationsPath?: string;
}): string {
  const { summary, report } = input;
  const lines = [
    '',
    'Summary',
    `  requests sent         ${report.sent}`,
    `  alerts received       ${summary.received}`,
    `  accepted              ${summary.accepted}`,
    `  rejected alerts       ${sum(summary.rejected)}${breakdown(summary.rejected)}`,
    `  rejected requests     ${sum(summary.rejectedRequests)}${breakdown(summary.rejectedRequests)}`,
    `  dropped               ${sum(summary.dropped)}${breakdown(summary.dropped)}`,
    `  suppressed            ${sum(summary.suppressed)}${breakdown(summary.suppressed)}`,
    `  delivered             ${breakdown(summary.delivered).trim() || '0'}`,
    `  dead-lettered         ${sum(summary.deadLettered)}${breakdown(summary.deadLettered)}`,
    `  coalesced in storms   ${sum(summary.coalesced)}${breakdown(summary.coalesced)}`,
    `  storm summaries       ${sum(summary.stormSummaries)}${breakdown(summary.stormSummaries)}`,
  ];

  const examples = pickVariedExamples(
    report.rejected.map((item) => item.reason),
    8,
  );
  if (examples.length > 0) {
    lines.push('', 'Examples of rejections, as the forwarder explained them:');
    for (const reason of examples) lines.push(`  - ${truncate(reason, 160)}`);
  }

  lines.push(
    '',
    `Findings written to ${input.outputPath}`,
    ...(input.notificationsPath === undefined
      ? []
      : [`What people would be sent, with storms coalesced: ${input.notificationsPath}`]),
    `Dead letters (if any) in ${input.deadLetterPath}`,
    '',
  );
  return lines.join('\n');
}

/** Picks up to `limit` messages, one per kind (the words before the first colon) before any repeats. */
function pickVariedExamples(messages: string[], limit: number): string[] {
  const seenKinds = new Set<string>();
  const firstOfKind: string[] = [];
  const repeats: string[] = [];

  for (const message of messages) {
    const kind = message.split(':')[0];
    if (seenKinds.has(kind)) repeats.push(message);
    else {
      seenKinds.add(kind);
      firstOfKind.push(message);
    }
  }
  return [...firstOfKind, ...repeats].slice(0, limit);
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((total, value) => total + value, 0);
}

function breakdown(counts: Record<string, number>): string {
  const parts = Object.entries(counts)
    .filter(([, value]) => value > 0)
    .map(([key, value]) => `${key}: ${value}`);
  return parts.length > 0 ? `  (${parts.join(', ')})` : '';
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
