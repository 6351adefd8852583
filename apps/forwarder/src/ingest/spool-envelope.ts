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

// The alert follows this key. Inside a JSON string every quote follows a
// backslash, so the first `,"alert":` in an envelope is the key itself.
const ALERT_KEY = ',"alert":';

/**
 * Reads an envelope back after a restart or from the part of the spool that
 * waits on disk. Throws when the entry is not one the forwarder wrote. The
 * alert is parsed from its own text, so outputs can write that text again.
 */
export function openSpoolEnvelope(body: string): SpooledAlert {
  const { cluster, region, alertText } = splitEnvelope(body);
  if (typeof cluster !== 'string' || typeof region !== 'string') {
    throw new Error('spool entry has no cluster or region');
  }

  const parsed = parseAlert(alertText);
  if (!parsed.ok)
    throw new Error(`spool entry contains an invalid alert: ${parsed.problems[0]?.message}`);
  return { parsed, cluster, region };
}

function splitEnvelope(body: string): { cluster?: unknown; region?: unknown; alertText: unknown } {
  const keyAt = body.indexOf(ALERT_KEY);
  if (keyAt !== -1 && body.endsWith('}')) {
    const head = JSON.parse(`${body.slice(0, keyAt)}}`) as { cluster?: unknown; region?: unknown };
    return { ...head, alertText: body.slice(keyAt + ALERT_KEY.length, -1) };
  }

  // Not the layout spoolEnvelope writes: read it as JSON and let the checks name the problem.
  const envelope = parseJson(body) as { cluster?: unknown; region?: unknown; alert?: unknown };
  return { cluster: envelope?.cluster, region: envelope?.region, alertText: envelope?.alert };
}
