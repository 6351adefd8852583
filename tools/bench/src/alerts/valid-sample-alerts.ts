import { join, resolve } from 'node:path';
import { parseAlert } from '@talaria/falco-event';
import { loadAlertCorpus } from './alert-corpus';

// dist/alerts/valid-sample-alerts.js sits four folders below the repository root.
const REPOSITORY_ROOT = resolve(__dirname, '..', '..', '..', '..');

/** The sample corpus of the repository, which the benchmarks send by default. */
export const SAMPLE_ALERTS_PATH = join(REPOSITORY_ROOT, 'samples', 'falco-events.ndjson');

/**
 * Returns the lines of the sample corpus that the forwarder accepts, because
 * only those can wait in its spool. Throws when none is valid.
 */
export function loadValidSampleAlerts(path = SAMPLE_ALERTS_PATH): string[] {
  const valid = loadAlertCorpus(path, Number.MAX_SAFE_INTEGER).lines.filter(
    (line) => parseAlert(line).ok,
  );
  if (valid.length === 0) {
    throw new Error(
      `no valid alert found in ${path}; regenerate it with npm run generate -w @talaria/samples`,
    );
  }
  return valid;
}
