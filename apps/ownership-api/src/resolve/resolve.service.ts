import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '../database/database';
import { DATABASE } from '../database/database.token';
import {
  OwnerDetailsRepository,
  type OwnerDetails,
} from '../repositories/owner-details.repository';
import {
  ResolveRepository,
  type CatalogCandidates,
  type PlacementCandidate,
  type PlacementCandidates,
  type PlacementLookup,
} from '../repositories/resolve.repository';
import { bestPlacements, describePlacement } from './placement-ranking';
import { describeUnmatched, prepareQuery, type PreparedQuery } from './prepared-query';
import type { ResolveResult, RuleMatch, WorkloadQuery } from './resolve-types';
import { rollUpVulnerabilities } from './vulnerability-rollup';

/** Maximum identities in one resolve request. */
export const MAX_RESOLVE_IDENTITIES = 500;

/**
 * Finds the owning service of each workload by trying the rules in order and
 * keeping the first that matches: workload placement, label selector,
 * namespace default, image repository, cloud resource (IAM role, then AWS
 * account). Three statements serve a whole batch, two of them at once.
 */
@Injectable()
export class ResolveService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly lookups: ResolveRepository,
    private readonly owners: OwnerDetailsRepository,
  ) {}

  async resolve(queries: readonly WorkloadQuery[]): Promise<ResolveResult[]> {
    const prepared = queries.map(prepareQuery);

    // The two lookups do not depend on each other, so on PostgreSQL they run on two connections at once.
    const [placements, catalog] = await Promise.all([
      this.lookups.placements(
        this.database,
        prepared.filter(hasPlacementInput).map(toPlacementLookup),
      ),
      this.lookups.catalogMatches(this.database, prepared.filter(hasCatalogInput)),
    ]);

    const matches = new Map<number, RuleMatch>();
    const notes = new Map<number, string[]>();
    applyPlacementRules(prepared, placements, matches);

    applyCatalogRules(prepared, catalog, matches, notes);

    const winners = [...new Set([...matches.values()].map((match) => match.serviceName))];
    const owners = await this.owners.find(this.database, winners);

    return prepared.map((query) => {
      const match = matches.get(query.index);
      const owner = match === undefined ? undefined : owners.get(match.serviceName);
      if (match === undefined || owner === undefined) {
        const result: ResolveResult = {
          status: 'unknown',
          reason: describeUnmatched(query, notes.get(query.index) ?? []),
        };
        if (query.candidates.workload !== undefined) result.workload = query.candidates.workload;
        return result;
      }
      return knownResult(query, match, owner);
    });
  }
}

function hasPlacementInput(query: PreparedQuery): boolean {
  return (
    query.namespace !== undefined || query.labels !== undefined || query.candidates.names.length > 0
  );
}

function hasCatalogInput(query: PreparedQuery): boolean {
  return (
    query.imageRepository !== undefined ||
    query.roleArn !== undefined ||
    query.awsAccount !== undefined
  );
}

function toPlacementLookup(query: PreparedQuery): PlacementLookup {
  return {
    index: query.index,
    cluster: query.cluster,
    namespace: query.namespace,
    labels: query.labels,
    names: query.candidates.names.map((candidate) => candidate.name),
  };
}

/** Workload placements first, then label selectors, then namespace defaults. */
function applyPlacementRules(
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

/** For queries no placement matched: image repositories, then IAM roles, then AWS accounts. */
function applyCatalogRules(
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

function knownResult(query: PreparedQuery, match: RuleMatch, owner: OwnerDetails): ResolveResult {
  const { service, team } = owner;
  return {
    status: 'known',
    matchedBy: match.rule,
    matchDetail: match.detail,
    workload: match.workload ?? query.candidates.workload,
    service: {
      name: service.name,
      system: service.system,
      lifecycle: service.lifecycle,
      repository: service.repository,
      language: service.language,
      libraries: service.libraries,
      description: service.description,
      source: service.source,
      observedAt: service.observedAt,
    },
    team:
      team === undefined
        ? service.ownerTeam === undefined
          ? undefined
          : { name: service.ownerTeam, source: service.source, observedAt: service.observedAt }
        : {
            name: team.name,
            displayName: team.displayName,
            source: team.source,
            observedAt: team.observedAt,
          },
    contacts: {
      slackChannel: service.slackChannel ?? team?.slackChannel,
      escalationContact: team?.escalationContact,
      members: team?.members ?? [],
    },
    criticality: service.criticality ?? owner.systemCriticality,
    vulnerabilities: rollUpVulnerabilities(owner.vulnerabilities, query.imageRepository),
    awsAccounts: owner.awsAccounts,
  };
}
