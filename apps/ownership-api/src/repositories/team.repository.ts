import type { Team, TeamMember } from '../catalog/catalog-types';
import type { Queryable } from '../database/database';
import { nullable, optional, writeOutcome, type Page, type PageRequest } from './row-values';

interface TeamRow {
  name: string;
  display_name: string | null;
  slack_channel: string | null;
  escalation_contact: string | null;
  members: TeamMember[];
  source: string;
  observed_at: Date;
}

export interface TeamFilter {
  /** Substring of the name or display name, case-insensitive. */
  search?: string;
  slackChannel?: string;
}

export type StoredTeam = Team & { observedAt: string };

/** Reads and writes the `teams` table. */
export class TeamRepository {
  async upsert(db: Queryable, team: Team) {
    const rows = await db.query<{ inserted: boolean }>(
      `INSERT INTO teams (name, display_name, slack_channel, escalation_contact, members, source)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6)
       ON CONFLICT (name) DO UPDATE SET
         display_name = EXCLUDED.display_name, slack_channel = EXCLUDED.slack_channel,
         escalation_contact = EXCLUDED.escalation_contact, members = EXCLUDED.members,
         source = EXCLUDED.source, observed_at = now()
       WHERE (teams.display_name, teams.slack_channel, teams.escalation_contact, teams.members, teams.source)
         IS DISTINCT FROM
         (EXCLUDED.display_name, EXCLUDED.slack_channel, EXCLUDED.escalation_contact, EXCLUDED.members, EXCLUDED.source)
       RETURNING (xmax = 0) AS inserted`,
      [
        team.name,
        nullable(team.displayName),
        nullable(team.slackChannel),
        nullable(team.escalationContact),
        JSON.stringify(team.members),
        team.source,
      ],
    );
    return writeOutcome(rows);
  }

  async find(db: Queryable, name: string): Promise<StoredTeam | undefined> {
    const rows = await db.query<TeamRow>('SELECT * FROM teams WHERE name = $1', [name]);
    return rows.length === 0 ? undefined : toTeam(rows[0]);
  }

  async findMany(db: Queryable, names: readonly string[]): Promise<StoredTeam[]> {
    if (names.length === 0) return [];
    const rows = await db.query<TeamRow>('SELECT * FROM teams WHERE name = ANY($1::text[])', [
      names,
    ]);
    return rows.map(toTeam);
  }

  async list(db: Queryable, filter: TeamFilter, page: PageRequest): Promise<Page<StoredTeam>> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (filter.search !== undefined) {
      params.push(`%${filter.search}%`);
      conditions.push(`(name ILIKE $${params.length} OR display_name ILIKE $${params.length})`);
    }
    if (filter.slackChannel !== undefined) {
      params.push(filter.slackChannel);
      conditions.push(`slack_channel = $${params.length}`);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';

    const [{ total }] = await db.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM teams ${where}`,
      params,
    );
    const rows = await db.query<TeamRow>(
      `SELECT * FROM teams ${where} ORDER BY name LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.offset],
    );
    return { items: rows.map(toTeam), total, ...page };
  }

  async delete(db: Queryable, name: string): Promise<boolean> {
    const rows = await db.query('DELETE FROM teams WHERE name = $1 RETURNING name', [name]);
    return rows.length > 0;
  }
}

function toTeam(row: TeamRow): StoredTeam {
  return {
    name: row.name,
    displayName: optional(row.display_name),
    slackChannel: optional(row.slack_channel),
    escalationContact: optional(row.escalation_contact),
    members: row.members,
    source: row.source,
    observedAt: row.observed_at.toISOString(),
  };
}
