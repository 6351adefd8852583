import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Team } from '../catalog/catalog-types';
import type { Database } from '../database/database';
import { DATABASE } from '../database/database.token';
import { AuditRepository } from '../repositories/audit.repository';
import type { PageRequest } from '../repositories/row-values';
import { TeamRepository, type StoredTeam, type TeamFilter } from '../repositories/team.repository';

/** Lists, reads and writes teams, auditing every write. */
@Injectable()
export class TeamService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly teams: TeamRepository,
    private readonly audit: AuditRepository,
  ) {}

  list(filter: TeamFilter, page: PageRequest) {
    return this.teams.list(this.database, filter, page);
  }

  async get(name: string): Promise<StoredTeam> {
    const team = await this.teams.find(this.database, name);
    if (team === undefined) throw new NotFoundException(`team ${name} is not in the catalog`);
    return team;
  }

  /** Creates or replaces a team; returns what changed and the stored team. */
  async put(team: Omit<Team, 'source'>, actor: string) {
    return this.database.transaction(async (tx) => {
      const source = `api:${actor}`;
      const outcome = await this.teams.upsert(tx, { ...team, source });
      if (outcome !== 'unchanged') {
        await this.audit.append(tx, [
          {
            actor,
            action: outcome === 'created' ? 'create' : 'update',
            entityType: 'team',
            entityKey: team.name,
            details: { ...team },
          },
        ]);
      }
      return { outcome, team: (await this.teams.find(tx, team.name))! };
    });
  }

  async delete(name: string, actor: string): Promise<void> {
    await this.database.transaction(async (tx) => {
      if (!(await this.teams.delete(tx, name)))
        throw new NotFoundException(`team ${name} is not in the catalog`);
      await this.audit.append(tx, [
        { actor, action: 'delete', entityType: 'team', entityKey: name },
      ]);
    });
  }
}
