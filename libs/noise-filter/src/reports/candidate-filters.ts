import type { Finding } from '@talaria/falco-event';
import { Document } from 'yaml';

/** A proposed filter for one group of alerts, for a person to review. */
export interface CandidateFilter {
  name: string;
  /** Alerts in the group and their share of all alerts. */
  count: number;
  share: number;
  /** The filter's `match`: field names and the group's values. */
  match: Record<string, string>;
}

interface Group {
  match: Record<string, string>;
  count: number;
}

/** How long a proposed filter lasts before someone must renew it, in days. */
const PROPOSED_EXPIRY_DAYS = 90;

/**
 * Groups alerts by rule and the attributes that name their source (the
 * namespace, the owning workload, the process, the user) and proposes a
 * filter for each of the largest groups.
 */
export class CandidateCollector {
  private readonly groups = new Map<string, Group>();

  add(finding: Finding): void {
    const match = groupMatch(finding);
    const key = JSON.stringify(match);
    const group = this.groups.get(key);
    if (group === undefined) this.groups.set(key, { match, count: 1 });
    else group.count += 1;
  }

  propose(options: {
    top: number;
    minAlerts: number;
    total: number;
    nowMs: number;
  }): CandidateFilter[] {
    const used = new Set<string>();
    return [...this.groups.values()]
      .filter((group) => group.count >= options.minAlerts)
      .sort(
        (a, b) =>
          b.count - a.count || JSON.stringify(a.match).localeCompare(JSON.stringify(b.match)),
      )
      .slice(0, options.top)
      .map((group) => ({
        name: uniqueName(candidateName(group.match), used),
        count: group.count,
        share: options.total === 0 ? 0 : group.count / options.total,
        match: group.match,
      }));
  }
}

function groupMatch(finding: Finding): Record<string, string> {
  const workload = finding.workload;
  const match: Record<string, string> = { rule: finding.alert.rule };

  if (workload.namespace !== undefined) match['workload.namespace'] = workload.namespace;
  else if (workload.targetNamespace !== undefined)
    match['workload.targetNamespace'] = workload.targetNamespace;
  if (workload.workloadName !== undefined) match['workload.name'] = workload.workloadName;

  const processName = finding.alert.output_fields?.['proc.name'];
  if (typeof processName === 'string' && processName !== '' && processName !== '<NA>')
    match['proc.name'] = processName;
  else if (workload.user !== undefined) match['workload.user'] = workload.user;
  return match;
}

function candidateName(match: Record<string, string>): string {
  const parts = [
    match.rule,
    match['workload.name'] ??
      match['workload.namespace'] ??
      match['workload.targetNamespace'] ??
      match['workload.user'],
  ];
  const slug = parts
    .filter((part) => part !== undefined)
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100);
  return `candidate-${slug === '' ? 'alerts' : slug}`;
}

function uniqueName(name: string, used: Set<string>): string {
  let candidate = name;
  for (let suffix = 2; used.has(candidate); suffix += 1) candidate = `${name}-${suffix}`;
  used.add(candidate);
  return candidate;
}

/**
 * Writes candidate filters as a filter file. Each filter is in dry-run mode
 * with a placeholder reason and owner, so nothing is suppressed until a
 * person has reviewed it. Values from alerts are quoted by the YAML library,
 * so alert text cannot add keys or comments.
 */
export function formatCandidateFilters(candidates: CandidateFilter[], nowMs: number): string {
  const expires = new Date(nowMs + PROPOSED_EXPIRY_DAYS * 24 * 60 * 60 * 1000)
    .toISOString()
    .slice(0, 10);
  const filters = candidates.map((candidate) => ({
    name: candidate.name,
    reason: `REVIEW: ${candidate.count} alerts (${percent(candidate.share)}); say why they are not actionable`,
    owner: 'unassigned',
    expires,
    dryRun: true,
    match: candidate.match,
  }));

  const document = new Document({ filters });
  document.commentBefore =
    ' Candidate filters proposed by talaria noise-report. Each runs in dry-run mode:\n' +
    ' review the match, write the reason and owner, then remove dryRun to suppress.';
  return document.toString({ lineWidth: 0 });
}

export function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}
