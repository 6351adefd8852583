import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '../database/database';
import { DATABASE } from '../database/database.token';
import { CloudResourceRepository } from '../repositories/cloud-resource.repository';
import {
  OwnerDetailsRepository,
  type OwnerDetails,
} from '../repositories/owner-details.repository';
import { ResolveRepository, type PlacementCandidate } from '../repositories/resolve.repository';
import {
  VulnerabilityRepository,
  type StoredVulnerabilitySummary,
} from '../repositories/vulnerability.repository';
import { bestPlacements, describePlacement } from './placement-ranking';
import { describeUnmatched, prepareQuery, type PreparedQuery } from './prepared-query';
import type { ResolveResult, RuleMatch, WorkloadQuery } from './resolve-types';
import { rollUpVulnerabilities } from './vulnerability-rollup';

/** Most identities in one resolve request. */
export const MAX_RESOLVE_IDENTITIES = 500;

/**
 * Finds the owning service of each workload by trying the rules in order and
 * keeping the first that matches: workload placement, label selector,
 * namespace default, image repository, cloud resource.
 */
@Injectable()
export class ResolveService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly lookups: ResolveRepository,
    private readonly owners: OwnerDetailsRepository,
    private readonly vulnerabilities: VulnerabilityRepository,
    private readonly cloudResources: CloudResourceRepository,
  ) {}

  async resolve(queries: readonly WorkloadQuery[]): Promise<ResolveResult[]> {
    const prepared = queries.map(prepareQuery);
    const matches = new Map<number, RuleMatch>();
    const notes = new Map<number, string[]>();
    const open = () => prepared.filter((query) => !matches.has(query.index));

    await this.matchWorkloads(open(), matches);
    await this.matchLabels(open(), matches);
    await this.matchNamespaceDefaults(open(), matches);
    await this.matchImages(open(), matches, notes);
    await this.matchCloudResources(open(), matches, notes);

    return this.attachDetails(prepared, matches, notes);
  }

  private async matchWorkloads(
    queries: PreparedQuery[],
    matches: Map<number, RuleMatch>,
  ): Promise<void> {
    const lookups = queries.flatMap((query) =>
      query.candidates.names.map((candidate, nameRank) => ({
        index: query.index,
        nameRank,
        cluster: query.cluster,
        namespace: query.namespace,
        name: candidate.name,
      })),
    );
    const candidates = await this.lookups.workloadPlacements(this.database, lookups);
    recordPlacementMatches('workload', candidates, matches);

    for (const query of queries) {
      const match = matches.get(query.index);
      if (match?.workload === undefined) continue;
      const implied = query.candidates.names.find(
        (candidate) => candidate.name === match.workload!.name,
      )?.kind;
      if (match.workload.kind === 'unknown' && implied !== undefined) match.workload.kind = implied;
    }
  }

  private async matchLabels(
    queries: PreparedQuery[],
    matches: Map<number, RuleMatch>,
  ): Promise<void> {
    const lookups = queries
      .filter((query) => query.labels !== undefined)
      .map((query) => ({
        index: query.index,
        cluster: query.cluster,
        namespace: query.namespace,
        labels: query.labels!,
      }));
    const candidates = await this.lookups.labelPlacements(this.database, lookups);
    recordPlacementMatches('label', candidates, matches);
  }

  private async matchNamespaceDefaults(
    queries: PreparedQuery[],
    matches: Map<number, RuleMatch>,
  ): Promise<void> {
    const lookups = queries
      .filter((query) => query.namespace !== undefined)
      .map((query) => ({
        index: query.index,
        cluster: query.cluster,
        namespace: query.namespace!,
      }));
    const candidates = await this.lookups.namespaceDefaults(this.database, lookups);
    recordPlacementMatches('namespace', candidates, matches);
  }

  private async matchImages(
    queries: PreparedQuery[],
    matches: Map<number, RuleMatch>,
    notes: Map<number, string[]>,
  ): Promise<void> {
    const lookups = queries
      .filter((query) => query.imageRepository !== undefined)
      .map((query) => ({ index: query.index, repository: query.imageRepository! }));
    const candidates = await this.lookups.imageRepositories(this.database, lookups);

    for (const [index, services] of groupServices(candidates)) {
      const repository = candidates.find((candidate) => candidate.index === index)!.repository;
      if (services.length === 1) {
        matches.set(index, {
          rule: 'image',
          serviceName: services[0],
          detail: `image repository ${repository}`,
        });
      } else {
        // A shared base image says nothing about who runs this copy of it.
        addNote(
          notes,
          index,
          `image ${repository} is shipped by ${services.length} services (${services.join(', ')})`,
        );
      }
    }
  }

  private async matchCloudResources(
    queries: PreparedQuery[],
    matches: Map<number, RuleMatch>,
    notes: Map<number, string[]>,
  ): Promise<void> {
    const byRole = queries
      .filter((query) => query.roleArn !== undefined)
      .map((query) => ({ index: query.index, arn: query.roleArn! }));
    for (const candidate of await this.lookups.cloudResources(this.database, byRole)) {
      matches.set(candidate.index, {
        rule: 'cloud',
        serviceName: candidate.serviceName,
        detail: `IAM role ${candidate.arn} tagged for the service (source ${candidate.source})`,
      });
    }

    const byAccount = queries.filter(
      (query) => !matches.has(query.index) && query.awsAccount !== undefined,
    );
    const accounts = [...new Set(byAccount.map((query) => query.awsAccount!))];
    const servicesByAccount = await this.lookups.servicesByAccount(this.database, accounts);
    for (const query of byAccount) {
      const services = servicesByAccount.get(query.awsAccount!) ?? [];
      if (services.length === 1) {
        matches.set(query.index, {
          rule: 'cloud',
          serviceName: services[0],
          detail: `every tagged resource in AWS account ${query.awsAccount} belongs to the service`,
        });
      } else if (services.length > 1) {
        addNote(
          notes,
          query.index,
          `AWS account ${query.awsAccount} holds resources of ${services.length} services`,
        );
      }
    }
  }

  private async attachDetails(
    prepared: PreparedQuery[],
    matches: Map<number, RuleMatch>,
    notes: Map<number, string[]>,
  ): Promise<ResolveResult[]> {
    const serviceNames = [...new Set([...matches.values()].map((match) => match.serviceName))];
    const owners = await this.owners.find(this.database, serviceNames);
    const vulnerabilities = await this.vulnerabilities.listForServices(this.database, serviceNames);
    const accounts = await this.cloudResources.accountsForServices(this.database, serviceNames);

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
      return knownResult(
        query,
        match,
        owner,
        vulnerabilities.get(match.serviceName) ?? [],
        accounts.get(match.serviceName) ?? [],
      );
    });
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

function knownResult(
  query: PreparedQuery,
  match: RuleMatch,
  owner: OwnerDetails,
  summaries: StoredVulnerabilitySummary[],
  awsAccounts: string[],
): ResolveResult {
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
    vulnerabilities: rollUpVulnerabilities(summaries, query.imageRepository),
    awsAccounts,
  };
}
