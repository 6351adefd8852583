import { Inject, Injectable } from '@nestjs/common';
import type { Placement } from '../../catalog/catalog-types';
import type { Database, Queryable } from '../../database/database';
import { DATABASE } from '../../database/database.token';
import { AuditRepository, type AuditEntry } from '../../repositories/audit.repository';
import { placementKey } from '../../repositories/placement-key';
import { PlacementRepository } from '../../repositories/placement.repository';
import { ServiceImageRepository } from '../../repositories/service-image.repository';
import { ServiceRepository } from '../../repositories/service.repository';
import { SystemRepository } from '../../repositories/system.repository';
import { TeamRepository } from '../../repositories/team.repository';
import { emptyChanges, recordChange, type ChangeCounts } from '../change-report';
import { ImportError } from '../import-error';
import type { BackstageDocument } from './backstage-entity';
import {
  BACKSTAGE_SOURCE_PREFIX,
  parseBackstageCatalog,
  type CatalogService,
  type ParsedCatalog,
} from './parse-backstage-catalog';

export interface BackstageImportReport {
  teams: ChangeCounts;
  systems: ChangeCounts;
  services: ChangeCounts;
  placements: { added: string[]; removed: string[] };
  imageRepositories: { added: string[]; removed: string[] };
  ignored: string[];
  warnings: string[];
}

/**
 * Writes a Backstage catalog into the store in one transaction. Running it
 * again with the same files changes nothing and reports everything unchanged.
 * Placements and images that a component's annotations no longer state are
 * removed, but those from deploy events stay.
 */
@Injectable()
export class BackstageImportService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly teams: TeamRepository,
    private readonly systems: SystemRepository,
    private readonly services: ServiceRepository,
    private readonly placements: PlacementRepository,
    private readonly images: ServiceImageRepository,
    private readonly audit: AuditRepository,
  ) {}

  async import(
    documents: readonly BackstageDocument[],
    actor: string,
  ): Promise<BackstageImportReport> {
    const catalog = parseBackstageCatalog(documents);
    if (catalog.problems.length > 0) throw new ImportError(catalog.problems);

    return this.database.transaction(async (tx) => {
      const audit: AuditEntry[] = [];
      const report: BackstageImportReport = {
        teams: emptyChanges(),
        systems: emptyChanges(),
        services: emptyChanges(),
        placements: { added: [], removed: [] },
        imageRepositories: { added: [], removed: [] },
        ignored: catalog.ignored,
        warnings: [
          ...catalog.warnings,
          ...(await this.unknownOwnerWarnings(tx, catalog.externalOwners)),
        ],
      };

      for (const team of catalog.teams) {
        const outcome = await this.teams.upsert(tx, team);
        recordChange(report.teams, audit, {
          actor,
          entityType: 'team',
          key: team.name,
          outcome,
          source: team.source,
        });
      }
      for (const system of catalog.systems) {
        const outcome = await this.systems.upsert(tx, system);
        recordChange(report.systems, audit, {
          actor,
          entityType: 'system',
          key: system.name,
          outcome,
          source: system.source,
        });
      }
      for (const entry of catalog.services) {
        await this.importService(tx, entry, actor, report, audit);
      }

      await this.audit.append(tx, audit);
      return report;
    });
  }

  private async importService(
    tx: Queryable,
    entry: CatalogService,
    actor: string,
    report: BackstageImportReport,
    audit: AuditEntry[],
  ): Promise<void> {
    const { service } = entry;
    const outcome = await this.services.upsert(tx, service);
    recordChange(report.services, audit, {
      actor,
      entityType: 'service',
      key: service.name,
      outcome,
      source: service.source,
    });

    const placements = await this.placements.replaceForSource(
      tx,
      service.name,
      BACKSTAGE_SOURCE_PREFIX,
      entry.placements,
    );
    const describe = (placement: Placement) => `${service.name} ${placementKey(placement)}`;
    report.placements.added.push(...placements.added.map(describe));
    report.placements.removed.push(...placements.removed.map(describe));

    const images = await this.images.replaceForSource(
      tx,
      service.name,
      BACKSTAGE_SOURCE_PREFIX,
      service.source,
      entry.imageRepositories,
    );
    report.imageRepositories.added.push(...images.added.map((image) => `${service.name} ${image}`));
    report.imageRepositories.removed.push(
      ...images.removed.map((image) => `${service.name} ${image}`),
    );

    const placementChanges =
      placements.added.length +
      placements.removed.length +
      images.added.length +
      images.removed.length;
    if (placementChanges > 0) {
      audit.push({
        actor,
        action: 'update',
        entityType: 'placements',
        entityKey: service.name,
        details: {
          source: service.source,
          placementsAdded: placements.added.map(placementKey),
          placementsRemoved: placements.removed.map(placementKey),
          imagesAdded: images.added,
          imagesRemoved: images.removed,
        },
      });
    }
  }

  /** Warns about owner groups that neither these files nor an earlier import define. */
  private async unknownOwnerWarnings(
    tx: Queryable,
    owners: ParsedCatalog['externalOwners'],
  ): Promise<string[]> {
    const stored = await this.teams.findMany(tx, [...new Set(owners.map((owner) => owner.group))]);
    const known = new Set(stored.map((team) => team.name));
    return owners
      .filter((owner) => !known.has(owner.group))
      .map(
        (owner) =>
          `${owner.origin}: owner group ${owner.group} is not in the catalog; import its Group entity to give its findings a channel and contacts`,
      );
  }
}
