import type { TeamMember } from '../catalog/catalog-types';
import type { Queryable } from '../database/database';
import { optional } from './row-values';
import {
  toSummary,
  type StoredVulnerabilitySummary,
  type SummaryRow,
} from './vulnerability.repository';

/** A service with its team, its system's tier, its scans and AWS accounts, as one resolve result shows them. */
export interface OwnerDetails {
  service: {
    name: string;
    ownerTeam?: string;
    system?: string;
    criticality?: string;
    lifecycle?: string;
    repository?: string;
    language?: string;
    libraries: string[];
    slackChannel?: string;
    description?: string;
    source: string;
    observedAt: string;
  };
  team?: {
    name: string;
    displayName?: string;
    slackChannel?: string;
    escalationContact?: string;
    members: TeamMember[];
    source: string;
    observedAt: string;
  };
  systemCriticality?: string;
  vulnerabilities: StoredVulnerabilitySummary[];
  awsAccounts: string[];
}

interface DetailsRow {
  name: string;
  owner_team: string | null;
  system: string | null;
  criticality: string | null;
  lifecycle: string | null;
  repository: string | null;
  language: string | null;
  libraries: string[];
  slack_channel: string | null;
  description: string | null;
  source: string;
  observed_at: Date;
  team_name: string | null;
  team_display_name: string | null;
  team_slack_channel: string | null;
  team_escalation_contact: string | null;
  team_members: TeamMember[] | null;
  team_source: string | null;
  team_observed_at: Date | null;
  system_criticality: string | null;
  vulnerabilities: SummaryRow[];
  aws_accounts: string[];
}

/** Reads services with everything a resolve result shows about them, in one statement. */
export class OwnerDetailsRepository {
  async find(db: Queryable, serviceNames: readonly string[]): Promise<Map<string, OwnerDetails>> {
    const details = new Map<string, OwnerDetails>();
    if (serviceNames.length === 0) return details;

    const rows = await db.query<DetailsRow>(
      `SELECT s.name, s.owner_team, s.system, s.criticality, s.lifecycle, s.repository, s.language, s.libraries,
              s.slack_channel, s.description, s.source, s.observed_at,
              t.name AS team_name, t.display_name AS team_display_name, t.slack_channel AS team_slack_channel,
              t.escalation_contact AS team_escalation_contact, t.members AS team_members,
              t.source AS team_source, t.observed_at AS team_observed_at,
              y.criticality AS system_criticality,
              COALESCE(
                (SELECT json_agg(v ORDER BY v.scanner, v.target) FROM vulnerability_summaries v WHERE v.service_name = s.name),
                '[]'
              ) AS vulnerabilities,
              ARRAY(SELECT DISTINCT c.account_id FROM cloud_resources c WHERE c.service_name = s.name ORDER BY 1) AS aws_accounts
       FROM unnest($1::text[]) AS wanted(name)
       JOIN services s ON s.name = wanted.name
       LEFT JOIN teams t ON t.name = s.owner_team
       LEFT JOIN systems y ON y.name = s.system`,
      [serviceNames],
    );
    for (const row of rows) details.set(row.name, toDetails(row));
    return details;
  }
}

function toDetails(row: DetailsRow): OwnerDetails {
  const details: OwnerDetails = {
    service: {
      name: row.name,
      ownerTeam: optional(row.owner_team),
      system: optional(row.system),
      criticality: optional(row.criticality),
      lifecycle: optional(row.lifecycle),
      repository: optional(row.repository),
      language: optional(row.language),
      libraries: row.libraries,
      slackChannel: optional(row.slack_channel),
      description: optional(row.description),
      source: row.source,
      observedAt: row.observed_at.toISOString(),
    },
    systemCriticality: optional(row.system_criticality),
    vulnerabilities: row.vulnerabilities.map(toSummary),
    awsAccounts: row.aws_accounts,
  };
  if (row.team_name !== null) {
    details.team = {
      name: row.team_name,
      displayName: optional(row.team_display_name),
      slackChannel: optional(row.team_slack_channel),
      escalationContact: optional(row.team_escalation_contact),
      members: row.team_members ?? [],
      source: row.team_source ?? '',
      observedAt: row.team_observed_at?.toISOString() ?? '',
    };
  }
  return details;
}
