import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Service } from '../catalog/catalog-types';
import type { Database } from '../database/database';
import { DATABASE } from '../database/database.token';
import { AuditRepository } from '../repositories/audit.repository';
import { CloudResourceRepository } from '../repositories/cloud-resource.repository';
import { PlacementRepository } from '../repositories/placement.repository';
import type { PageRequest } from '../repositories/row-values';
import { ServiceImageRepository } from '../repositories/service-image.repository';
import { ServiceRepository, type ServiceFilter } from '../repositories/service.repository';
import { VulnerabilityRepository } from '../repositories/vulnerability.repository';

/** Most placements shown inline with one service; the placements endpoint pages through the rest. */
const INLINE_PLACEMENTS = 200;

/** Lists, reads and writes services, auditing every write. */
@Injectable()
export class ServiceCatalogService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly services: ServiceRepository,
    private readonly placements: PlacementRepository,
    private readonly images: ServiceImageRepository,
    private readonly vulnerabilities: VulnerabilityRepository,
    private readonly cloudResources: CloudResourceRepository,
    private readonly audit: AuditRepository,
  ) {}

  list(filter: ServiceFilter, page: PageRequest) {
    return this.services.list(this.database, filter, page);
  }

  /** One service with where it runs, its images, AWS accounts and vulnerability summaries. */
  async get(name: string) {
    const service = await this.services.find(this.database, name);
    if (service === undefined) throw new NotFoundException(`service ${name} is not in the catalog`);

    const placements = await this.placements.list(
      this.database,
      { serviceName: name },
      { limit: INLINE_PLACEMENTS, offset: 0 },
    );
    const images = await this.images.listForServices(this.database, [name]);
    const accounts = await this.cloudResources.accountsForServices(this.database, [name]);
    const vulnerabilities = await this.vulnerabilities.listForServices(this.database, [name]);
    return {
      ...service,
      placements: placements.items,
      placementCount: placements.total,
      imageRepositories: images.get(name) ?? [],
      awsAccounts: accounts.get(name) ?? [],
      vulnerabilities: vulnerabilities.get(name) ?? [],
    };
  }

  /** Creates or replaces a service's attributes; placements are written through their own endpoint. */
  async put(service: Omit<Service, 'source'>, actor: string) {
    return this.database.transaction(async (tx) => {
      const outcome = await this.services.upsert(tx, { ...service, source: `api:${actor}` });
      if (outcome !== 'unchanged') {
        await this.audit.append(tx, [
          {
            actor,
            action: outcome === 'created' ? 'create' : 'update',
            entityType: 'service',
            entityKey: service.name,
            details: { ...service },
          },
        ]);
      }
      return { outcome, service: (await this.services.find(tx, service.name))! };
    });
  }

  async delete(name: string, actor: string): Promise<void> {
    await this.database.transaction(async (tx) => {
      if (!(await this.services.delete(tx, name)))
        throw new NotFoundException(`service ${name} is not in the catalog`);
      await this.audit.append(tx, [
        { actor, action: 'delete', entityType: 'service', entityKey: name },
      ]);
    });
  }
}
