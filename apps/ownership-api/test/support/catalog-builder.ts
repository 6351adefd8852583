import type {
  CloudResource,
  Placement,
  Service,
  Team,
  VulnerabilitySummary,
} from '../../src/catalog/catalog-types';
import type { Database } from '../../src/database/database';
import { CloudResourceRepository } from '../../src/repositories/cloud-resource.repository';
import { OwnerDetailsRepository } from '../../src/repositories/owner-details.repository';
import { PlacementRepository } from '../../src/repositories/placement.repository';
import { ResolveRepository } from '../../src/repositories/resolve.repository';
import { ServiceImageRepository } from '../../src/repositories/service-image.repository';
import { ServiceRepository } from '../../src/repositories/service.repository';
import { SystemRepository } from '../../src/repositories/system.repository';
import { TeamRepository } from '../../src/repositories/team.repository';
import { VulnerabilityRepository } from '../../src/repositories/vulnerability.repository';
import { ResolveService } from '../../src/resolve/resolve.service';

/** Writes catalog rows through the repositories, with defaults for what a test does not care about. */
export class CatalogBuilder {
  constructor(private readonly db: Database) {}

  async team(name: string, overrides: Partial<Team> = {}): Promise<this> {
    await new TeamRepository().upsert(this.db, { name, members: [], source: 'test', ...overrides });
    return this;
  }

  async system(name: string, criticality: string): Promise<this> {
    await new SystemRepository().upsert(this.db, { name, criticality, source: 'test' });
    return this;
  }

  async service(name: string, overrides: Partial<Service> = {}): Promise<this> {
    await new ServiceRepository().upsert(this.db, {
      name,
      libraries: [],
      dependencies: [],
      source: 'test',
      ...overrides,
    });
    return this;
  }

  async placement(
    serviceName: string,
    placement: Omit<Placement, 'serviceName' | 'source'>,
  ): Promise<this> {
    await new PlacementRepository().upsert(this.db, { serviceName, source: 'test', ...placement });
    return this;
  }

  async image(serviceName: string, repository: string): Promise<this> {
    await new ServiceImageRepository().add(this.db, serviceName, repository, 'test');
    return this;
  }

  async cloudResource(serviceName: string, arn: string): Promise<this> {
    const resource: CloudResource = {
      arn,
      accountId: arn.split(':')[4],
      resourceType: 'iam:role',
      serviceName,
      tags: { service: serviceName },
      source: 'test',
    };
    await new CloudResourceRepository().upsert(this.db, resource);
    return this;
  }

  async vulnerabilities(
    summary: Omit<VulnerabilitySummary, 'source' | 'topVulnerabilities' | 'fixable'>,
  ): Promise<this> {
    await new VulnerabilityRepository().upsert(this.db, {
      ...summary,
      fixable: 0,
      topVulnerabilities: [],
      source: 'test',
    });
    return this;
  }
}

/** Creates the resolve service with its repositories, as the Nest module wires it. */
export function createResolveService(db: Database): ResolveService {
  return new ResolveService(db, new ResolveRepository(), new OwnerDetailsRepository());
}
