import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import { buildFinding, parseAlert, parseJson, type Finding } from '@talaria/falco-event';

const SAMPLE_FILE = path.join(__dirname, '../../../../samples/falco-events.ndjson');

let sampleLines: string[] | undefined;

/**
 * Builds a finding from the first alert of the sample corpus whose rule is
 * `rule`, parsed and stamped the way the forwarder does it. The alert is
 * parsed from a value rather than text, so it is not frozen and tests may
 * change it.
 */
export function sampleFinding(rule: string, id = `finding-${rule.length}`): Finding {
  sampleLines ??= readFileSync(SAMPLE_FILE, 'utf8').split('\n').filter(Boolean);

  const line = sampleLines.find((candidate) =>
    candidate.includes(`"rule":${JSON.stringify(rule)}`),
  );
  if (line === undefined) throw new Error(`no sample alert for rule ${JSON.stringify(rule)}`);

  const parsed = parseAlert(parseJson(line));
  if (!parsed.ok)
    throw new Error(`sample alert for ${rule} is invalid: ${JSON.stringify(parsed.problems)}`);
  return buildFinding({
    id,
    receivedAt: '2025-03-11T11:05:42.500Z',
    cluster: 'prod-eu-1',
    region: 'eu-west-1',
    parsed,
  });
}
