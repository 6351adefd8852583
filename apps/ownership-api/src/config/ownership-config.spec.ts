import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_OWNERSHIP_PORT, loadOwnershipConfig } from './ownership-config';

describe('loadOwnershipConfig', () => {
  it('uses PGlite on the default port without settings', () => {
    const config = loadOwnershipConfig({});

    expect(config.listen.port).toBe(DEFAULT_OWNERSHIP_PORT);
    expect(config.database.url).toBeUndefined();
    expect(config.database.dataDirectory).toBe('var/ownership-db');
    expect(config.adminToken).toBeUndefined();
  });

  it('lets flags win over the environment', () => {
    const config = loadOwnershipConfig({ TALARIA_OWNERSHIP_PORT: '9000' }, { port: '9100' });

    expect(config.listen.port).toBe(9100);
  });

  it('reads the database URL and admin token', () => {
    const config = loadOwnershipConfig({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      TALARIA_API_TOKEN: 'a-token-of-sufficient-length',
    });

    expect(config.database.url).toBe('postgres://postgres@127.0.0.1:5432/test');
    expect(config.adminToken).toBe('a-token-of-sufficient-length');
  });

  it('reads the admin token from a file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'talaria-token-')), 'token');
    writeFileSync(file, 'token-from-a-mounted-secret\n');

    expect(loadOwnershipConfig({ TALARIA_API_TOKEN_FILE: file }).adminToken).toBe(
      'token-from-a-mounted-secret',
    );
  });

  it.each([
    [
      { TALARIA_OWNERSHIP_PORT: '70000' },
      'port "70000" is not valid; use 0 to 65535 (0 picks a free port)',
    ],
    [{ DATABASE_URL: 'mysql://db' }, 'DATABASE_URL must start with postgres:// or postgresql://'],
    [
      { TALARIA_API_TOKEN: 'changeme' },
      'TALARIA_API_TOKEN contains a token of 8 characters, which is too short; use at least 16',
    ],
    [
      { TALARIA_API_TOKEN_FILE: '/nonexistent/token' },
      'TALARIA_API_TOKEN_FILE /nonexistent/token cannot be read: ENOENT',
    ],
    [{ LOG_LEVEL: 'verbose' }, 'log level "verbose" is not valid'],
  ])('rejects %j', (env, message) => {
    expect(() => loadOwnershipConfig(env)).toThrow(message);
  });
});
