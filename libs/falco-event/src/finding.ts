import type { FalcoAlert, Priority } from './alert-types';

/** Version tag carried by every finding so consumers can reject shapes they do not know. */
export const FINDING_SCHEMA = 'talaria.finding/v1';

/** Who runs an alert's workload, as far as the alert's own fields tell. */
export interface WorkloadIdentity {
  cluster: string;
  region: string;
  namespace?: string;
  pod?: string;
  /** Owning workload derived from the pod name, for example Deployment `api` for pod `api-7d9f8c6b5-x2k4q`. */
  workloadKind?: string;
  workloadName?: string;
  containerId?: string;
  containerName?: string;
  imageRepository?: string;
  imageTag?: string;
  imageDigest?: string;
  /** Kubernetes audit alerts: the resource the request targeted. */
  targetNamespace?: string;
  targetResource?: string;
  targetName?: string;
  /** Cloud and SaaS plugin alerts: the account and principal involved. */
  cloudAccount?: string;
  user?: string;
}

/** Owner attached by the enrich stage; `unknown` says why no owner was found. */
export type OwnerInfo =
  | {
      status: 'known';
      service: string;
      team: string;
      slackChannel?: string;
      /** Contact paged when the team does not answer, for example `pagerduty:payments-primary`. */
      escalationContact?: string;
      criticality?: string;
      matchedBy: string;
      vulnerabilities?: Record<string, number>;
      awsAccounts?: string[];
    }
  | { status: 'unknown'; reason: string };

/** Count of alerts folded into one finding by deduplication or storm coalescing. */
export interface CoalescedCount {
  count: number;
  firstSeen: string;
  lastSeen: string;
}

/** What leaves the pipeline: one alert, stamped, identified and (later) enriched. */
export interface Finding {
  schema: typeof FINDING_SCHEMA;
  /** Assigned once at ingest and kept across spool replays, so consumers can drop duplicates. */
  id: string;
  fingerprint: string;
  /** ISO 8601 time the forwarder accepted the alert. */
  receivedAt: string;
  cluster: string;
  region: string;
  /** Canonical priority name, whatever spelling the sender used. */
  priority: Priority;
  /** Alert time as epoch milliseconds; the alert's `time` keeps the nanoseconds. */
  timeMs: number;
  workload: WorkloadIdentity;
  owner: OwnerInfo;
  alert: FalcoAlert;
  coalesced?: CoalescedCount;
}
