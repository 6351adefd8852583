import { parseAcceptedAlert, parseAlert, parseJson, type ParsedAlert } from '@talaria/falco-event';
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
 * Its limits and model are not checked again: the forwarder validated it
 * before writing it, and the spool's checksum guards the text since.
 */
export function openSpoolEnvelope(body: string): SpooledAlert {
  const { cluster, region, alertText, alert } = splitEnvelope(body);
  if (typeof cluster !== 'string' || typeof region !== 'string') {
    throw new Error('spool entry has no cluster or region');
  }

  const parsed = alertText === undefined ? parseAlert(alert) : parseAcceptedAlert(alertText);
  if (!parsed.ok)
    throw new Error(`spool entry contains an invalid alert: ${parsed.problems[0]?.message}`);
  return { parsed, cluster, region };
}

interface EnvelopeParts {
  cluster?: unknown;
  region?: unknown;
  /** The alert's text, in the layout spoolEnvelope writes. */
  alertText?: string;
  /** The parsed alert, from any other layout. */
  alert?: unknown;
}

// Entries in a row nearly always come from the same cluster, so the last head is kept.
let lastHead = '';
let lastStamp: { cluster?: unknown; region?: unknown } = {};

function splitEnvelope(body: string): EnvelopeParts {
  const keyAt = body.indexOf(ALERT_KEY);
  if (keyAt !== -1 && body.endsWith('}')) {
    const head = body.slice(0, keyAt);
    if (head !== lastHead) {
      lastStamp = JSON.parse(`${head}}`) as { cluster?: unknown; region?: unknown };
      lastHead = head;
    }
    return {
      cluster: lastStamp.cluster,
      region: lastStamp.region,
      alertText: body.slice(keyAt + ALERT_KEY.length, -1),
    };
  }

  // Not the layout spoolEnvelope writes: read it as JSON and let every check of
  // parseAlert run, because nothing here shows that the forwarder wrote it.
  const envelope = parseJson(body) as { cluster?: unknown; region?: unknown; alert?: unknown };
  return { cluster: envelope?.cluster, region: envelope?.region, alert: envelope?.alert };
}
