import type {
  CatalogCandidates,
  PlacementCandidate,
  PlacementCandidates,
} from '../repositories/resolve.repository';
import { bestPlacements, describePlacement } from './placement-ranking';
import type { PreparedQuery } from './prepared-query';
import type { RuleMatch } from './resolve-types';

/** Matches by workload placement first, then by label selector, then by namespace default. */
export function applyPlacementRules(
  queries: PreparedQuery[],
  candidates: PlacementCandidates,
  matches: Map<number, RuleMatch>,
): void {
  recordPlacementMatches('workload', candidates.workload, matches);
  for (const query of queries) {
    const match = matches.get(query.index);
    if (match?.workload === undefined || match.workload.kind !== 'unknown') continue;
    const implied = query.candidates.names.find(
      (candidate) => candidate.name === match.workload!.name,
    )?.kind;
    if (implied !== undefined) match.workload.kind = implied;
  }
  recordPlacementMatches(
    'label',
    candidates.label.filter((candidate) => !matches.has(candidate.index)),
    matches,
  );
  recordPlacementMatches(
    'namespace',
    candidates.namespace.filter((candidate) => !matches.has(candidate.index)),
    matches,
  );
}

/** Matches the queries no placement matched by image repository, then IAM role, then AWS account. */
export function applyCatalogRules(
  queries: PreparedQuery[],
  candidates: CatalogCandidates,
  matches: Map<number, RuleMatch>,
  notes: Map<number, string[]>,
): void {
  const open = (candidate: { index: number }) => !matches.has(candidate.index);

  const images = candidates.image.filter(open);
  for (const [index, services] of groupServices(images)) {
    const repository = images.find((candidate) => candidate.index === index)!.repository;
    if (services.length === 1) {
      matches.set(index, {
        rule: 'image',
        serviceName: services[0],
        detail: `image repository ${repository}`,
      });
    } else {
      // A shared base image does not tell who runs this copy of it.
      addNote(
        notes,
        index,
        `image ${repository} is shipped by ${services.length} services (${services.join(', ')})`,
      );
    }
  }

  for (const candidate of candidates.role) {
    if (!open(candidate)) continue;
    matches.set(candidate.index, {
      rule: 'cloud',
      serviceName: candidate.serviceName,
      detail: `IAM role ${candidate.arn} tagged for the service (source ${candidate.source})`,
    });
  }

  const accounts = candidates.account.filter(open);
  for (const [index, services] of groupServices(accounts)) {
    const account = queries.find((query) => query.index === index)!.awsAccount;
    if (services.length === 1) {
      matches.set(index, {
        rule: 'cloud',
        serviceName: services[0],
        detail: `every tagged resource in AWS account ${account} belongs to the service`,
      });
    } else {
      addNote(
        notes,
        index,
        `AWS account ${account} holds resources of several services (${services.join(', ')} and maybe more)`,
      );
    }
  }
}

function recordPlacementMatches(
  rule: RuleMatch['rule'],
  candidates: readonly PlacementCandidate[],
  matches: Map<number, RuleMatch>,
): void {
  for (const [index, ranked] of bestPlacements(candidates)) {
    const best = ranked[0];
    const match: RuleMatch = {
      rule,
      serviceName: best.serviceName,
      detail: describePlacement(ranked),
    };
    if (best.workloadName !== null)
      match.workload = { kind: best.workloadKind ?? 'unknown', name: best.workloadName };
    matches.set(index, match);
  }
}

function groupServices(
  candidates: ReadonlyArray<{ index: number; serviceName: string }>,
): Map<number, string[]> {
  const byIndex = new Map<number, string[]>();
  for (const candidate of candidates) {
    const services = byIndex.get(candidate.index) ?? [];
    if (!services.includes(candidate.serviceName)) services.push(candidate.serviceName);
    byIndex.set(candidate.index, services);
  }
  return byIndex;
}

function addNote(notes: Map<number, string[]>, index: number, note: string): void {
  notes.set(index, [...(notes.get(index) ?? []), note]);
}
