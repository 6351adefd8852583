import type { Severity, VulnerabilityRecord } from '../catalog/catalog-types';
import type { TeamMember } from '../catalog/catalog-types';

/** Known facts about one workload; every field is optional, and more fields match more rules. */
export interface WorkloadQuery {
  cluster?: string;
  namespace?: string;
  pod?: string;
  /** Owning workload when the caller knows it; otherwise derived from `pod`. */
  workloadKind?: string;
  workloadName?: string;
  /** Pod labels, when the caller has them. */
  labels?: Record<string, string>;
  /** Container image reference, with or without tag and digest. */
  image?: string;
  /** AWS account id (12 digits). */
  awsAccount?: string;
  /** IAM role ARN, or the STS assumed-role ARN that CloudTrail records. */
  roleArn?: string;
}

/** The rules, in the order they are tried. */
export const MATCH_RULES = ['workload', 'label', 'namespace', 'image', 'cloud'] as const;
export type MatchRule = (typeof MATCH_RULES)[number];

/** A rule's choice of service for one query, before details are attached. */
export interface RuleMatch {
  rule: MatchRule;
  serviceName: string;
  /** Human-readable account of what matched, such as the placement and its source. */
  detail: string;
  /** The workload the matching placement names, when it names one. */
  workload?: { kind: string; name: string };
}

export interface VulnerabilityRollup {
  counts: Record<Severity, number>;
  fixable: number;
  /** The most severe findings over the reports counted, at most five. */
  top: VulnerabilityRecord[];
  reports: Array<{
    scanner: string;
    target: string;
    counts: Record<Severity, number>;
    observedAt: string;
    source: string;
  }>;
}

export interface KnownOwner {
  status: 'known';
  matchedBy: MatchRule;
  matchDetail: string;
  workload?: { kind: string; name: string };
  service: {
    name: string;
    system?: string;
    lifecycle?: string;
    repository?: string;
    language?: string;
    libraries: string[];
    description?: string;
    source: string;
    observedAt: string;
  };
  team?: {
    name: string;
    displayName?: string;
    source: string;
    observedAt: string;
  };
  contacts: {
    slackChannel?: string;
    escalationContact?: string;
    members: TeamMember[];
  };
  criticality?: string;
  vulnerabilities: VulnerabilityRollup;
  awsAccounts: string[];
}

export interface UnknownOwner {
  status: 'unknown';
  reason: string;
  workload?: { kind: string; name: string };
}

export type ResolveResult = KnownOwner | UnknownOwner;
