import { escapeControlCharacters } from '@talaria/notifiers';

import { formatCandidateFilters, percent } from './candidate-filters';
import type { NoiseReport, RankedValue } from './noise-report';

/** Renders the noise report as text for a terminal; values from alerts are escaped. */
export function formatNoiseReport(report: NoiseReport, nowMs: number): string {
  const lines = [
    `Alerts: ${report.total}${report.invalidLines > 0 ? ` (${report.invalidLines} invalid lines skipped)` : ''}`,
  ];

  const sections: Array<[string, RankedValue[]]> = [
    ['Rules', report.rules],
    ['Workloads (namespace/workload)', report.workloads],
    ['Images', report.images],
    ['Namespaces', report.namespaces],
    ['Processes', report.processes],
  ];
  for (const [title, values] of sections) {
    lines.push('', `${title} by alert volume:`);
    if (values.length === 0) lines.push('  (none)');
    for (const entry of values) {
      lines.push(
        `  ${String(entry.count).padStart(7)}  ${percent(entry.share).padStart(6)}  ${escapeControlCharacters(entry.value)}`,
      );
    }
  }

  if (report.filters !== undefined) {
    lines.push(
      '',
      `Filters would suppress ${report.suppressed} alerts (${percent(report.total === 0 ? 0 : report.suppressed / report.total)}):`,
    );
    if (report.filters.length === 0) lines.push('  (no filters)');
    for (const filter of report.filters) {
      const notes = [
        filter.dryRun ? 'dry run: marks only' : '',
        filter.expired ? `expired: ${filter.expiredMatches} matches no longer suppressed` : '',
      ]
        .filter(Boolean)
        .join('; ');
      lines.push(
        `  ${String(filter.suppressed).padStart(7)}  ${percent(filter.share).padStart(6)}  ${filter.filter} (owner ${filter.owner})${notes ? `  [${notes}]` : ''}`,
      );
    }
  }

  lines.push('', 'Candidate filters for the largest remaining sources:');
  if (report.candidates.length === 0) {
    lines.push('  (none: no group of alerts is large enough)');
  } else {
    lines.push('', formatCandidateFilters(report.candidates, nowMs).trimEnd());
  }
  return `${lines.join('\n')}\n`;
}
