import { parseArgs } from 'node:util';
import {
  IMPORT_KINDS,
  ImportRequestError,
  sendImport,
  type ImportKind,
  type ImportResponse,
} from './ownership-import-client';
import { formatImportReport } from './import-report';
import type { CommandStreams } from './command-streams';

const HELP = `Usage: talaria import KIND PATH --api URL [options]

Sends a file to a running ownership API, for example from a CI pipeline. KIND:

  backstage   Backstage catalog: one catalog-info.yaml, or a folder searched for .yaml files
  aws-tags    JSON printed by aws resourcegroupstaggingapi get-resources
  snyk        JSON printed by snyk test --json
  trivy       JSON printed by trivy image --format json
  clair       Clair v4 vulnerability report; needs --image

Options:
  --api URL              Base URL of the ownership API (default: TALARIA_API_URL, else http://127.0.0.1:2802)
  --token TOKEN          Token with the write scope (default: TALARIA_API_TOKEN)
  --tag-key KEY          aws-tags: tag whose value names the service (default: service)
  --default-account ID   aws-tags: account for ARNs without one, such as S3 buckets
  --service NAME         snyk, trivy, clair: service the report is for (default: from the image or project)
  --image REF            clair: image the report is for
  --json                 Print the API's report as JSON
  -h, --help             Show this help

Imports are idempotent: sending the same file again changes nothing and says so.
Exit status: 0 when imported, 1 when the API rejected the file, 2 for a usage
error, an unreadable file or an unreachable API.`;

/** Runs `talaria import`. */
export async function runImportCommand(
  args: string[],
  streams: CommandStreams = process,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(args, env);
  } catch (error) {
    streams.stderr.write(`talaria import: ${(error as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  if (options === 'help') {
    streams.stdout.write(`${HELP}\n`);
    return 0;
  }

  let response: ImportResponse;
  try {
    response = await sendImport(options.request);
  } catch (error) {
    if (!(error instanceof ImportRequestError)) throw error;
    streams.stderr.write(`talaria import: ${error.message}\n`);
    return 2;
  }

  if (response.status !== 200) {
    streams.stderr.write(describeRejection(options.request.kind, response));
    return 1;
  }
  streams.stdout.write(
    options.json
      ? `${JSON.stringify(response.body, null, 2)}\n`
      : formatImportReport(options.request.kind, response.body),
  );
  return 0;
}

function parseOptions(args: string[], env: NodeJS.ProcessEnv) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      api: { type: 'string' },
      token: { type: 'string' },
      'tag-key': { type: 'string' },
      'default-account': { type: 'string' },
      service: { type: 'string' },
      image: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help' as const;

  const [kind, path, ...extra] = positionals;
  if (kind === undefined || !(IMPORT_KINDS as readonly string[]).includes(kind)) {
    throw new Error(`KIND ${JSON.stringify(kind ?? '')} is not one of ${IMPORT_KINDS.join(', ')}`);
  }
  if (path === undefined)
    throw new Error(
      `PATH is missing; give the file${kind === 'backstage' ? ' or folder' : ''} to import`,
    );
  if (extra.length > 0) throw new Error(`unexpected arguments: ${extra.join(' ')}`);

  const token = values.token ?? env.TALARIA_API_TOKEN;
  if (token === undefined || token === '')
    throw new Error(
      'no token: pass --token or set TALARIA_API_TOKEN to a token with the write scope',
    );

  return {
    json: values.json,
    request: {
      kind: kind as ImportKind,
      path,
      apiUrl: values.api ?? env.TALARIA_API_URL ?? 'http://127.0.0.1:2802',
      token,
      tagKey: values['tag-key'],
      defaultAccount: values['default-account'],
      service: values.service,
      image: values.image,
    },
  };
}

function describeRejection(kind: ImportKind, response: ImportResponse): string {
  const problems = Array.isArray(response.body.problems)
    ? (response.body.problems as string[])
    : [];
  const lines = [
    `talaria import ${kind}: the ownership API rejected the import (HTTP ${response.status}): ${String(response.body.error ?? '')}`,
  ];
  for (const problem of problems) lines.push(`  - ${problem}`);
  return `${lines.join('\n')}\n`;
}
