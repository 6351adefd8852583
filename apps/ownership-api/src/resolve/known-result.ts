import type { OwnerDetails } from '../repositories/owner-details.repository';
import type { PreparedQuery } from './prepared-query';
import type { ResolveResult, RuleMatch } from './resolve-types';
import { rollUpVulnerabilities } from './vulnerability-rollup';

/** Builds the result for a matched query from its service's details. */
export function knownResult(
  query: PreparedQuery,
  match: RuleMatch,
  owner: OwnerDetails,
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
    vulnerabilities: rollUpVulnerabilities(owner.vulnerabilities, query.imageRepository),
    awsAccounts: owner.awsAccounts,
  };
}
