/** Where a fact came from, such as `backstage:services/payments/catalog-info.yaml` or `deploy-webhook`. */
export type FactSource = string;

export interface TeamMember {
  /** Backstage entity reference of the user, such as `user:default/jane.doe`. */
  ref: string;
  email?: string;
  slackId?: string;
}

export interface Team {
  name: string;
  displayName?: string;
  /** Slack channel such as `#payments-oncall`. */
  slackChannel?: string;
  /** Who to page or call when the channel is not enough: an email, a rota name or a URL. */
  escalationContact?: string;
  members: TeamMember[];
  source: FactSource;
}

export interface System {
  name: string;
  ownerTeam?: string;
  criticality?: string;
  description?: string;
  source: FactSource;
}

export interface Service {
  name: string;
  ownerTeam?: string;
  system?: string;
  /** Tier such as `tier-1`; services without one inherit their system's. */
  criticality?: string;
  lifecycle?: string;
  repository?: string;
  language?: string;
  /** Libraries as `name@version` or `name`. */
  libraries: string[];
  /** Entity references the service depends on, from Backstage `spec.dependsOn`. */
  dependencies: string[];
  /** Overrides the owning team's channel for this service. */
  slackChannel?: string;
  description?: string;
  source: FactSource;
}

/**
 * Where a service runs. Absent cluster or namespace matches any. With a
 * workload name it is a workload placement; with a label selector it matches
 * pods carrying all those labels; with neither it is the namespace default.
 */
export interface Placement {
  serviceName: string;
  cluster?: string;
  namespace?: string;
  workloadKind?: string;
  workloadName?: string;
  labelSelector?: Record<string, string>;
  /** Last image deployed to this workload, from the deploy webhook. */
  image?: string;
  source: FactSource;
}

export interface CloudResource {
  arn: string;
  accountId: string;
  resourceType: string;
  serviceName: string;
  tags: Record<string, string>;
  source: FactSource;
}

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'unknown';

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'unknown'];

export interface VulnerabilityRecord {
  id: string;
  severity: Severity;
  package: string;
  installedVersion?: string;
  fixedVersion?: string;
}

/** One scanner's report on one target of a service, reduced to counts and the worst findings. */
export interface VulnerabilitySummary {
  serviceName: string;
  scanner: 'snyk' | 'trivy' | 'clair';
  /** Image reference or manifest file the scanner looked at. */
  target: string;
  imageRepository?: string;
  imageTag?: string;
  counts: Record<Severity, number>;
  /** Findings with a fixed version available. */
  fixable: number;
  topVulnerabilities: VulnerabilityRecord[];
  source: FactSource;
}

/** What an upsert did to one row. */
export type WriteOutcome = 'created' | 'updated' | 'unchanged';
