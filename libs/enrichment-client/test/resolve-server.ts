import {
  startRecordingServer,
  type RecordedRequest,
  type RecordingServer,
  type ScriptedResponse,
} from '@talaria/testing';

export const READ_TOKEN = 'read-token-for-enrichment-tests';

/** Owners the fake API returns, by namespace. */
const OWNERS: Record<string, object> = {
  payments: {
    status: 'known',
    matchedBy: 'workload',
    matchDetail: 'workload payments-api, namespace payments, any cluster',
    service: { name: 'payments-api' },
    team: { name: 'payments-team' },
    contacts: {
      slackChannel: '#payments-alerts',
      escalationContact: 'pagerduty:payments-primary',
      members: [],
    },
    criticality: 'tier-1',
    vulnerabilities: { counts: { critical: 1, high: 2, medium: 0, low: 0, unknown: 0 } },
    awsAccounts: ['111122223333'],
  },
};

/**
 * Starts a local server that serves POST /v1/resolve the way the ownership API does:
 * one result per identity, known for the payments namespace, unknown otherwise,
 * and 401 without the read token.
 */
export function startResolveServer(): Promise<RecordingServer> {
  return startRecordingServer({ responder: answerResolve });
}

function answerResolve(request: RecordedRequest): ScriptedResponse {
  if (request.headers.authorization !== `Bearer ${READ_TOKEN}`)
    return { status: 401, body: { error: 'unauthorized' } };

  const { identities } = request.json() as { identities: Array<{ namespace?: string }> };
  const results = identities.map(
    (identity) =>
      OWNERS[identity.namespace ?? ''] ?? {
        status: 'unknown',
        reason: `no placement matches namespace ${identity.namespace}`,
      },
  );
  return { status: 200, body: { results } };
}

/** Identities in one recorded resolve request. */
export function identitiesOf(request: RecordedRequest): Array<Record<string, unknown>> {
  return (request.json() as { identities: Array<Record<string, unknown>> }).identities;
}
