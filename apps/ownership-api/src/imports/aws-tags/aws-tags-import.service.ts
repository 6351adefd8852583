import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '../../database/database';
import { DATABASE } from '../../database/database.token';
import { AuditRepository, type AuditEntry } from '../../repositories/audit.repository';
import { CloudResourceRepository } from '../../repositories/cloud-resource.repository';
import { ServiceRepository } from '../../repositories/service.repository';
import { emptyChanges, recordChange, type ChangeCounts } from '../change-report';
import { ImportError } from '../import-error';
import { AwsTagsError, parseAwsTags, type AwsTagsOptions } from './parse-aws-tags';

export interface AwsTagsImportReport {
  resources: ChangeCounts;
  untagged: number;
  /** Services named by tags that the catalog does not have; their resources match once it does. */
  unknownServices: string[];
  warnings: string[];
}

/** Stores AWS resources by the service their tag names, for the cloud rule of resolve. */
@Injectable()
export class AwsTagsImportService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly resources: CloudResourceRepository,
    private readonly services: ServiceRepository,
    private readonly audit: AuditRepository,
  ) {}

  async import(
    report: unknown,
    options: AwsTagsOptions,
    actor: string,
  ): Promise<AwsTagsImportReport> {
    let parsed: ReturnType<typeof parseAwsTags>;
    try {
      parsed = parseAwsTags(report, options);
    } catch (error) {
      if (error instanceof AwsTagsError) throw new ImportError(error.problems);
      throw error;
    }

    return this.database.transaction(async (tx) => {
      const audit: AuditEntry[] = [];
      const changes = emptyChanges();
      for (const resource of parsed.resources) {
        const outcome = await this.resources.upsert(tx, resource);
        recordChange(changes, audit, {
          actor,
          entityType: 'cloud_resource',
          key: resource.arn,
          outcome,
          source: resource.source,
        });
      }
      await this.audit.append(tx, audit);

      const named = [...new Set(parsed.resources.map((resource) => resource.serviceName))];
      const known = await this.services.existing(tx, named);
      return {
        resources: changes,
        untagged: parsed.untagged.length,
        unknownServices: named.filter((name) => !known.has(name)).sort(),
        warnings: parsed.warnings,
      };
    });
  }
}
