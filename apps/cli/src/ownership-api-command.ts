import { parseArgs } from 'node:util';
import {
  DEFAULT_DATA_DIRECTORY,
  DEFAULT_OWNERSHIP_PORT,
  loadOwnershipConfig,
  OwnershipConfigError,
  startOwnershipApi,
  type RunningOwnershipApi,
} from '@talaria/ownership-api';
import { formatImportReport } from './import-report';
import { sendImport } from './ownership-import-client';

const HELP = `Usage: talaria ownership-api [options]

Serves the ownership API: the catalog of services, teams and where they run,
and POST /v1/resolve, which the forwarder's enrich stage calls.

Options:
  --port N          TCP port (default: ${DEFAULT_OWNERSHIP_PORT}, or TALARIA_OWNERSHIP_PORT)
  --host ADDRESS    Address to bind (default: 0.0.0.0, or TALARIA_OWNERSHIP_HOST)
  --data-dir DIR    PGlite data folder when DATABASE_URL is unset; "memory" keeps
                    nothing (default: ${DEFAULT_DATA_DIRECTORY}, or TALARIA_OWNERSHIP_DATA_DIR)
  --seed PATH       Import this Backstage catalog file or folder once started
  -h, --help        Show this help

DATABASE_URL selects PostgreSQL (postgres://user@host:5432/db); without it the
embedded PGlite runs the same SQL. TALARIA_API_TOKEN (or TALARIA_API_TOKEN_FILE)
sets the admin token; without one a token is generated and printed once.`;

export async function runOwnershipApiCommand(args: string[]): Promise<number> {
  let values: ReturnType<typeof parseOptions>;
  let api: RunningOwnershipApi;
  try {
    values = parseOptions(args);
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    const config = loadOwnershipConfig(process.env, {
      port: values.port,
      host: values.host,
      dataDirectory: values['data-dir'],
    });
    api = await startOwnershipApi(config);
  } catch (error) {
    if (!(error instanceof OwnershipConfigError) && !(error instanceof TypeError)) throw error;
    process.stderr.write(`talaria ownership-api: ${error.message}\n`);
    return 2;
  }

  const adminToken = api.generatedAdminToken ?? process.env.TALARIA_API_TOKEN;
  if (api.generatedAdminToken !== undefined) {
    process.stderr.write(
      `No TALARIA_API_TOKEN is set, so this run generated an admin token. It is shown only now:\n${api.generatedAdminToken}\n`,
    );
  }
  if (values.seed !== undefined && adminToken !== undefined) {
    const seeded = await sendImport({
      kind: 'backstage',
      path: values.seed,
      apiUrl: api.url,
      token: adminToken,
    });
    process.stderr.write(
      seeded.status === 200
        ? formatImportReport('backstage', seeded.body)
        : `seeding failed: ${JSON.stringify(seeded.body)}\n`,
    );
  }

  return new Promise((resolve) => {
    const shutdown = () => {
      api.stop().then(
        () => resolve(0),
        (error: unknown) => {
          process.stderr.write(
            `talaria ownership-api: shutdown failed: ${(error as Error).message}\n`,
          );
          resolve(1);
        },
      );
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  });
}

function parseOptions(args: string[]) {
  return parseArgs({
    args,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }).values;
}
