import { readFileSync } from 'node:fs';

export const DEFAULT_OWNERSHIP_PORT = 2802;
export const DEFAULT_DATA_DIRECTORY = 'var/ownership-db';
/** `dataDirectory` value that keeps PGlite in memory, for tests and the quick start. */
export const IN_MEMORY = 'memory';

export interface OwnershipApiConfig {
  listen: { host: string; port: number };
  database: {
    /** PostgreSQL connection string; PGlite when absent. */
    url?: string;
    /** PGlite data folder, or `memory`. */
    dataDirectory: string;
    /** Schema for every table; `public` when absent. */
    schema?: string;
  };
  /** Admin token; one is generated and printed at start when absent. */
  adminToken?: string;
  log: { level: string };
}

/** A configuration problem found at start; the message names the variable, the value and the fix. */
export class OwnershipConfigError extends Error {
  override readonly name = 'OwnershipConfigError';
}

export interface OwnershipConfigOverrides {
  host?: string;
  port?: string | number;
  databaseUrl?: string;
  dataDirectory?: string;
  logLevel?: string;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Builds the configuration from the environment, then command-line values:
 * DATABASE_URL, TALARIA_OWNERSHIP_DATA_DIR, TALARIA_OWNERSHIP_HOST,
 * TALARIA_OWNERSHIP_PORT, TALARIA_API_TOKEN or TALARIA_API_TOKEN_FILE, LOG_LEVEL.
 */
export function loadOwnershipConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: OwnershipConfigOverrides = {},
): OwnershipApiConfig {
  const port = parsePort(overrides.port ?? env.TALARIA_OWNERSHIP_PORT ?? DEFAULT_OWNERSHIP_PORT);
  const logLevel = overrides.logLevel ?? env.LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new OwnershipConfigError(
      `log level ${JSON.stringify(logLevel)} is not valid; use one of ${LOG_LEVELS.join(', ')}`,
    );
  }

  const url = overrides.databaseUrl ?? nonEmpty(env.DATABASE_URL);
  if (url !== undefined && !/^postgres(ql)?:\/\//.test(url)) {
    throw new OwnershipConfigError(
      'DATABASE_URL must start with postgres:// or postgresql://; unset it to use the embedded PGlite',
    );
  }

  return {
    listen: { host: overrides.host ?? env.TALARIA_OWNERSHIP_HOST ?? '0.0.0.0', port },
    database: {
      url,
      dataDirectory:
        overrides.dataDirectory ??
        nonEmpty(env.TALARIA_OWNERSHIP_DATA_DIR) ??
        DEFAULT_DATA_DIRECTORY,
    },
    adminToken: readAdminToken(env),
    log: { level: logLevel },
  };
}

function parsePort(value: string | number): number {
  const port = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new OwnershipConfigError(
      `port ${JSON.stringify(value)} is not valid; use 0 to 65535 (0 picks a free port)`,
    );
  }
  return port;
}

function readAdminToken(env: NodeJS.ProcessEnv): string | undefined {
  const inline = nonEmpty(env.TALARIA_API_TOKEN);
  if (inline !== undefined) return checkToken(inline, 'TALARIA_API_TOKEN');

  const file = nonEmpty(env.TALARIA_API_TOKEN_FILE);
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new OwnershipConfigError(
      `TALARIA_API_TOKEN_FILE ${file} cannot be read: ${(error as NodeJS.ErrnoException).code}`,
    );
  }
  return checkToken(text, `the file ${file} named by TALARIA_API_TOKEN_FILE`);
}

// Sixteen characters keeps out placeholders such as "changeme" without rejecting real random tokens.
function checkToken(token: string, where: string): string {
  if (token.length < 16) {
    throw new OwnershipConfigError(
      `${where} contains a token of ${token.length} characters, which is too short; use at least 16, for example from openssl rand -base64 24`,
    );
  }
  return token;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
