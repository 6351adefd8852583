/**
 * The parts of the ownership API's POST /v1/resolve exchange this client
 * uses. The API's own README documents the full response.
 */
export interface WorkloadQuery {
  cluster?: string;
  namespace?: string;
  pod?: string;
  workloadKind?: string;
  workloadName?: string;
  labels?: Record<string, string>;
  image?: string;
  awsAccount?: string;
  roleArn?: string;
}

export interface KnownOwnerAnswer {
  status: 'known';
  matchedBy: string;
  matchDetail?: string;
  service: { name: string };
  team?: { name: string };
  contacts: { slackChannel?: string; escalationContact?: string };
  criticality?: string;
  vulnerabilities?: { counts?: Record<string, number> };
  awsAccounts?: string[];
}

export interface UnknownOwnerAnswer {
  status: 'unknown';
  reason: string;
}

export type OwnerAnswer = KnownOwnerAnswer | UnknownOwnerAnswer;

/** Checks one answer's shape, so a changed or broken server cannot put garbage on findings. */
export function isOwnerAnswer(value: unknown): value is OwnerAnswer {
  if (value === null || typeof value !== 'object') return false;
  const answer = value as Record<string, unknown>;
  if (answer.status === 'unknown') return typeof answer.reason === 'string';
  if (answer.status !== 'known') return false;

  const service = answer.service as Record<string, unknown> | undefined;
  return (
    typeof answer.matchedBy === 'string' &&
    typeof service?.name === 'string' &&
    answer.contacts !== null &&
    typeof answer.contacts === 'object'
  );
}
