import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { loadOwnershipConfig } from '../../src/config/ownership-config';
import { startOwnershipApi, type RunningOwnershipApi } from '../../src/start-ownership-api';
import { memoryLogger, type TestDatabase } from './test-database';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

/** Repository root, for the sample catalog. */
export const REPOSITORY_ROOT = resolve(__dirname, '..', '..', '..', '..');
export const SAMPLE_CATALOG = join(REPOSITORY_ROOT, 'samples', 'catalog');

/** A parsed JSON reply. Tests read deep into it, and a wrong path fails the assertion anyway. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonReply = any;

export interface TestApi extends RunningOwnershipApi {
  logLines: string[];
  /** Sends a JSON request with the admin token unless `token` says otherwise (null sends none). */
  call(
    method: string,
    path: string,
    body?: unknown,
    token?: string | null,
  ): Promise<{ status: number; body: JsonReply }>;
}

/** Starts the API on a random loopback port over `database`, with a known admin token. */
export async function startTestApi(database: TestDatabase): Promise<TestApi> {
  const { logger, lines } = memoryLogger();
  const config = loadOwnershipConfig(
    { TALARIA_API_TOKEN: ADMIN_TOKEN },
    { host: '127.0.0.1', port: 0 },
  );
  const api = await startOwnershipApi(config, { logger, database: database.database });

  const call: TestApi['call'] = async (method, path, body, token = ADMIN_TOKEN) => {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
  };
  return { ...api, logLines: lines, call };
}

/** Every YAML file under `directory`, as the Backstage import takes them. */
export function readCatalogFolder(directory: string): Array<{ source: string; content: string }> {
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder).sort()) {
      const path = join(folder, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(entry)) files.push(path);
    }
  };
  walk(directory);
  return files.map((path) => ({
    source: relative(directory, path),
    content: readFileSync(path, 'utf8'),
  }));
}

export function readSampleReport(name: string): unknown {
  return JSON.parse(readFileSync(join(SAMPLE_CATALOG, 'reports', name), 'utf8'));
}
