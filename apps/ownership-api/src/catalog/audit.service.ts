import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '../database/database';
import { DATABASE } from '../database/database.token';
import { AuditRepository } from '../repositories/audit.repository';
import type { PageRequest } from '../repositories/row-values';

/** Reads the audit log that every write appends to. */
@Injectable()
export class AuditService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly audit: AuditRepository,
  ) {}

  list(filter: { entityType?: string; entityKey?: string }, page: PageRequest) {
    return this.audit.list(this.database, filter, page);
  }
}
