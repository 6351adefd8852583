import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import { buildFinding, parseAlert, type Finding } from '@talaria/falco-event';

const CORPUS_FILE = path.join(__dirname, '../../../../samples/falco-events.ndjson');

let corpus: Finding[] | undefined;

/**
 * Returns every alert of the sample corpus as a finding, parsed with
 * parseAlert and built with buildFinding as the forwarder does. The ids are
 * `corpus-<line>` so tests can name them; each call returns fresh copies.
 */
export function corpusFindings(): Finding[] {
  corpus ??= readFileSync(CORPUS_FILE, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const parsed = parseAlert(line);
      if (!parsed.ok) throw new Error(`corpus line ${index + 1} is invalid`);
      return buildFinding({
        id: `corpus-${index + 1}`,
        receivedAt: '2025-03-11T12:00:00.000Z',
        cluster: 'prod-eu-1',
        region: 'eu-west-1',
        parsed,
      });
    });
  return corpus.map((finding) => structuredClone(finding));
}

/** Returns the first corpus finding whose rule is `rule`; throws when there is none. */
export function corpusFinding(rule: string): Finding {
  const finding = corpusFindings().find((candidate) => candidate.alert.rule === rule);
  if (finding === undefined) throw new Error(`the sample corpus has no alert for rule "${rule}"`);
  return finding;
}
