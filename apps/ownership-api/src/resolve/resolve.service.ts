import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '../database/database';
import { DATABASE } from '../database/database.token';
import { OwnerDetailsRepository } from '../repositories/owner-details.repository';
import { ResolveRepository, type PlacementLookup } from '../repositories/resolve.repository';
import { applyCatalogRules, applyPlacementRules } from './apply-rules';
import { knownResult } from './known-result';
import { describeUnmatched, prepareQuery, type PreparedQuery } from './prepared-query';
import type { ResolveResult, RuleMatch, WorkloadQuery } from './resolve-types';

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
