import {
  BadRequestException,
  Inject,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { Placement } from '../catalog/catalog-types';
import type { Database } from '../database/database';
import { DATABASE } from '../database/database.token';
import { AuditRepository } from '../repositories/audit.repository';
import { placementKey } from '../repositories/placement-key';
import { PlacementRepository, type PlacementFilter } from '../repositories/placement.repository';
import type { PageRequest } from '../repositories/row-values';
import { ServiceRepository } from '../repositories/service.repository';

/** Lists, creates and deletes placements, auditing every write. */
@Injectable()
export class PlacementService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly placements: PlacementRepository,
    private readonly services: ServiceRepository,
    private readonly audit: AuditRepository,
  ) {}

  list(filter: PlacementFilter, page: PageRequest) {
    return this.placements.list(this.database, filter, page);
  }

  async create(placement: Omit<Placement, 'source'>, actor: string) {
    if (placement.workloadName !== undefined && placement.labelSelector !== undefined) {
      throw new BadRequestException(
        'a placement names a workload or a label selector, not both; send two placements',
      );
    }
    if (
      placement.workloadName === undefined &&
      placement.labelSelector === undefined &&
      placement.namespace === undefined
    ) {
      throw new BadRequestException(
        'a namespace default needs a namespace; give namespace, or a workloadName or labelSelector',
      );
    }

    return this.database.transaction(async (tx) => {
      if ((await this.services.existing(tx, [placement.serviceName])).size === 0) {
        throw new UnprocessableEntityException(
          `service ${placement.serviceName} is not in the catalog; create it first`,
        );
      }
      const stored: Placement = { ...placement, source: `api:${actor}` };
      const outcome = await this.placements.upsert(tx, stored);
      await this.audit.append(tx, [
        {
          actor,
          action: outcome === 'created' ? 'create' : 'update',
          entityType: 'placement',
          entityKey: `${placement.serviceName} ${placementKey(stored)}`,
        },
      ]);
      return { outcome, placement: (await this.placements.findByKey(tx, stored))! };
    });
  }

  async delete(id: number, actor: string): Promise<void> {
    await this.database.transaction(async (tx) => {
      const removed = await this.placements.delete(tx, id);
      if (removed === undefined) throw new NotFoundException(`placement ${id} does not exist`);
      await this.audit.append(tx, [
        {
          actor,
          action: 'delete',
          entityType: 'placement',
          entityKey: `${removed.serviceName} ${placementKey(removed)}`,
        },
      ]);
    });
  }
}
