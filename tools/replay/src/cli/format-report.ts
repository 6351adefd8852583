import type { ReplayReport } from '../replay-report';

/** Rejections printed in the readable summary; --json shows every kept one. */
const REJECTIONS_SHOWN = 20;

/** Renders a report as the few lines a person reads after a replay. */
export function formatReport(report: ReplayReport): string {
  const seconds = report.elapsedMs / 1000;
  const rate = seconds > 0 ? report.sent / seconds : 0;
  const lines = [
    `Replayed ${report.alertsSent} alerts in ${report.sent} requests (${report.mode}) to ${report.url}`,
    `  elapsed           ${seconds.toFixed(2)} s, ${rate.toFixed(1)} requests/s`,
    `  responses         ${report.responses}${counts(report.statusCounts)}`,
    `  transport errors  ${total(report.transportErrors)}${counts(report.transportErrors)}`,
    `  latency           ${latency(report)}`,
    `  accepted alerts   ${report.acceptedTotal}`,
    `  rejected alerts   ${report.rejectedTotal}`,
  ];

  if (report.stoppedEarly) lines.push(`  stopped early     ${report.stoppedEarly}`);
  if (report.firstTransportError) lines.push(`  first error       ${report.firstTransportError}`);

  if (report.rejected.length > 0) {
    lines.push('', 'Rejections, as the forwarder explained them:');
    for (const rejection of report.rejected.slice(0, REJECTIONS_SHOWN)) {
      const where =
        rejection.bodyIndex === undefined
          ? `batch of ${rejection.alerts}`
          : `alert ${rejection.bodyIndex + 1}`;
      const code = rejection.code ? ` ${rejection.code}` : '';
      lines.push(`  ${where}: ${rejection.status}${code}: ${rejection.reason}`);
    }
    const hidden = report.rejectedTotal - Math.min(report.rejected.length, REJECTIONS_SHOWN);
    if (hidden > 0)
      lines.push(
        `  ... ${hidden} more rejected alerts; --json lists up to 1000 with their reasons`,
      );
  }
  return `${lines.join('\n')}\n`;
}

function latency(report: ReplayReport): string {
  const summary = report.latencyMs;
  if (summary === null) return 'no responses';
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  return `p50 ${ms(summary.p50)}, p90 ${ms(summary.p90)}, p99 ${ms(summary.p99)}, max ${ms(summary.max)}`;
}

function total(values: Record<string, number>): number {
  return Object.values(values).reduce((sum, value) => sum + value, 0);
}

function counts(values: Record<string, number>): string {
  const entries = Object.entries(values).sort(([left], [right]) => left.localeCompare(right));
  return entries.length === 0
    ? ''
    : ` (${entries.map(([key, value]) => `${key}: ${value}`).join(', ')})`;
}
