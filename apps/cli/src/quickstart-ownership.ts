import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  loadOwnershipConfig,
  startOwnershipApi,
  type RunningOwnershipApi,
} from '@talaria/ownership-api';
import { createLogger, type LoggerSettings } from '@talaria/telemetry';
import { sendImport, type ImportRequest } from './ownership-import-client';

export interface SampleOwnershipApi {
  api: RunningOwnershipApi;
  /** Token with the read scope, for the forwarder's enrich stage. */
  readToken: string;
}

/**
 * Starts the ownership API on an in-memory PGlite and fills it from the
 * sample catalog, AWS tags and scanner reports in `catalogDirectory`, through
 * the same HTTP imports a CI pipeline uses.
 */
export async function startSampleOwnershipApi(
  catalogDirectory: string,
  logDestination: LoggerSettings['destination'],
): Promise<SampleOwnershipApi> {
  const adminToken = randomBytes(24).toString('base64url');
  const config = loadOwnershipConfig(
    { TALARIA_API_TOKEN: adminToken },
    { host: '127.0.0.1', port: 0, dataDirectory: 'memory' },
  );
  const logger = createLogger({
    name: 'talaria-ownership-api',
    level: 'info',
    destination: logDestination,
  });
  const api = await startOwnershipApi(config, { logger });

  const reports = join(catalogDirectory, 'reports');
  const imports: Array<Omit<ImportRequest, 'apiUrl' | 'token'>> = [
    { kind: 'backstage', path: catalogDirectory },
    { kind: 'aws-tags', path: join(reports, 'aws-resources.json'), defaultAccount: '111122223333' },
    { kind: 'snyk', path: join(reports, 'snyk-payments-api.json') },
    { kind: 'trivy', path: join(reports, 'trivy-checkout-web.json') },
  ];
  for (const request of imports) {
    const response = await sendImport({ ...request, apiUrl: api.url, token: adminToken });
    if (response.status !== 200) {
      await api.stop();
      throw new Error(
        `importing ${request.path} into the sample ownership API failed: ${JSON.stringify(response.body)}`,
      );
    }
  }

  const created = await fetch(`${api.url}/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({ name: 'quickstart-forwarder', scopes: ['read'] }),
  });
  const { token } = (await created.json()) as { token: string };
  return { api, readToken: token };
}

/** Counts the delivered findings that carry an owner, by kind of catalog match and by team, and why the rest do not. */
export function formatOwnerSummary(findingsPath: string): string {
  const owners = readFileSync(findingsPath, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map(
      (line) =>
        (
          JSON.parse(line) as {
            owner: { status: string; matchedBy?: string; team?: string; reason?: string };
          }
        ).owner,
    );

  const known = owners.filter((owner) => owner.status === 'known');
  const percent = owners.length === 0 ? 0 : Math.round((100 * known.length) / owners.length);
  const lines = [
    '',
    'Owners (ownership API on PGlite, seeded from samples/catalog)',
    `  attributed            ${known.length} of ${owners.length} findings (${percent}%)`,
    `  by match              ${countBy(known, (owner) => owner.matchedBy)}`,
    `  by team               ${countBy(known, (owner) => owner.team)}`,
    `  without owner         ${countBy(
      owners.filter((owner) => owner.status !== 'known'),
      (owner) => reasonKind(owner.reason),
    )}`,
    '',
  ];
  return lines.join('\n');
}

function countBy<T>(items: readonly T[], key: (item: T) => string | undefined): string {
  const counts = new Map<string, number>();
  for (const item of items) {
    const name = key(item) ?? 'none';
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const parts = [...counts]
    .sort((left, right) => right[1] - left[1])
    .map(([name, count]) => `${name}: ${count}`);
  return parts.length === 0 ? '0' : parts.join(', ');
}

// Groups reasons by their first words, since the full text names each workload.
function reasonKind(reason: string | undefined): string {
  if (reason === undefined) return 'no reason';
  if (reason.startsWith('nothing to match on') || reason.startsWith('the finding names no'))
    return 'no workload in the alert';
  if (reason.startsWith('no placement')) return 'not in the catalog';
  if (reason.startsWith('ownership')) return 'lookup failed';
  return reason;
}
