import type { ScriptedReply } from '../recording-server';

/** HTTP Event Collector status codes with the HTTP status and text Splunk sends with each. */
export const HEC_STATUS = {
  success: { code: 0, status: 200, text: 'Success' },
  tokenDisabled: { code: 1, status: 403, text: 'Token disabled' },
  tokenRequired: { code: 2, status: 401, text: 'Token is required' },
  invalidAuthorization: { code: 3, status: 401, text: 'Invalid authorization' },
  invalidToken: { code: 4, status: 403, text: 'Invalid token' },
  noData: { code: 5, status: 400, text: 'No data' },
  invalidDataFormat: { code: 6, status: 400, text: 'Invalid data format' },
  incorrectIndex: { code: 7, status: 400, text: 'Incorrect index' },
  internalError: { code: 8, status: 500, text: 'Internal server error' },
  serverBusy: { code: 9, status: 503, text: 'Server is busy' },
  channelMissing: { code: 10, status: 400, text: 'Data channel is missing' },
  invalidChannel: { code: 11, status: 400, text: 'Invalid data channel' },
  eventFieldRequired: { code: 12, status: 400, text: 'Event field is required' },
  eventFieldBlank: { code: 13, status: 400, text: 'Event field cannot be blank' },
  ackDisabled: { code: 14, status: 400, text: 'ACK is disabled' },
  healthy: { code: 17, status: 200, text: 'HEC is healthy' },
} as const;

export type HecStatus = (typeof HEC_STATUS)[keyof typeof HEC_STATUS];

/** Builds a reply with HEC's JSON body `{ text, code }` plus extra fields such as `ackId`. */
export function hecReply(
  status: HecStatus,
  extra: Record<string, unknown> = {},
  headers?: Record<string, string>,
): ScriptedReply {
  return {
    status: status.status,
    headers,
    body: { text: status.text, code: status.code, ...extra },
  };
}
