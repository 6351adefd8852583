import { parseAlert, parseJson, type ParsedAlert } from '@talaria/falco-event';
import type { Credential } from '../auth/ingest-credentials';

/** The parsed alert kept in memory beside a spool entry, so live entries are not parsed twice. */
export interface SpooledAlert {
  parsed: ParsedAlert;
  cluster: string;
  region: string;
}

/**
 * Wraps an alert's JSON text with the cluster and region it was stamped with.
 * The alert text is embedded as it arrived, so its integers stay exact.
 */
export function spoolEnvelope(credential: Credential, alertText: string): string {
  return `{"cluster":${JSON.stringify(credential.cluster)},"region":${JSON.stringify(credential.region)},"alert":${alertText}}`;
}

/** Reads an envelope back after a restart; throws when the entry is not one the forwarder wrote. */
export function openSpoolEnvelope(body: string): SpooledAlert {
  const envelope = parseJson(body) as { cluster?: unknown; region?: unknown; alert?: unknown };
  if (typeof envelope?.cluster !== 'string' || typeof envelope.region !== 'string') {
    throw new Error('spool entry has no cluster or region');
  }

  const parsed = parseAlert(envelope.alert);
  if (!parsed.ok)
    throw new Error(`spool entry contains an invalid alert: ${parsed.problems[0]?.message}`);
  return { parsed, cluster: envelope.cluster, region: envelope.region };
}
