import { loadOwnershipConfig } from '../../src/config/ownership-config';
import { startOwnershipApi, type RunningOwnershipApi } from '../../src/start-ownership-api';
import { memoryLogger, type TestDatabase } from './test-database';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

/** A parsed JSON reply. Tests read deep into it, and a wrong path fails the assertion anyway. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonReply = any;

export interface TestApi extends RunningOwnershipApi {
  logLines: string[];
  /** Sends a JSON request with the admin token unless `token` names another (null sends none). */
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
