import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

// Runs the real talaria command from its TypeScript sources in child processes.
const REPOSITORY_ROOT = join(__dirname, '..', '..', '..');
const REGISTER = join(REPOSITORY_ROOT, 'jest.register-typescript.js');
const MAIN = join(__dirname, '..', 'src', 'main.ts');

function talaria(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['-r', REGISTER, MAIN, ...args], {
    cwd: REPOSITORY_ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function temporaryFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'talaria-cli-')), name);
  writeFileSync(path, text);
  return path;
}

describe('talaria command', () => {
  it('lists its commands', () => {
    const result = talaria(['--help']);

    expect(result.status).toBe(0);
    expect(result.stdout).toContain('forward');
    expect(result.stdout).toContain('replay');
    expect(result.stdout).toContain('quickstart');
  });

  it('rejects an unknown command with exit code 2', () => {
    const result = talaria(['fly']);

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown command "fly"');
  });

  it('documents forward options with defaults and units', () => {
    const result = talaria(['forward', '--help']);

    expect(result.status).toBe(0);
    expect(result.stdout).toContain('--port N');
    expect(result.stdout).toContain('default: 2801');
    expect(result.stdout).toContain('--out FILE');
  });

  it('prints the effective configuration with secrets masked', () => {
    const config = temporaryFile(
      'forwarder.yaml',
      'cluster: prod-eu-west-1\nauth:\n  tokens:\n    - { name: inline, token: do-not-show-me }\n',
    );
    const result = talaria(['forward', '--config', config, '--port', '9999', '--print-config']);

    expect(result.status).toBe(0);
    expect(result.stdout).toContain('cluster: prod-eu-west-1');
    expect(result.stdout).toContain('port: 9999');
    expect(result.stdout).not.toContain('do-not-show-me');
    expect(result.stdout).toContain('[redacted]');
  });

  it('stops with the key and the fix when the configuration is invalid', () => {
    const config = temporaryFile(
      'bad.yaml',
      'spool:\n  fsync: sometimes\nlisten:\n  port: 99999\n',
    );
    const result = talaria(['forward', '--config', config]);

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('spool.fsync');
    expect(result.stderr).toContain('listen.port');
  });

  it('forwards replayed alerts to the --out file and drains on SIGTERM', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'talaria-cli-forward-'));
    const out = join(directory, 'alerts.ndjson');
    const env = {
      ...process.env,
      TALARIA_INGEST_TOKEN: 'cli-test-token-123456',
      TALARIA_SPOOL__DIRECTORY: join(directory, 'spool'),
      TALARIA_DEAD_LETTER__PATH: join(directory, 'dead.ndjson'),
      TALARIA_LISTEN__HOST: '127.0.0.1',
    };
    const forwarder = spawn(
      process.execPath,
      ['-r', REGISTER, MAIN, 'forward', '--port', '0', '--out', out],
      {
        cwd: REPOSITORY_ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );

    try {
      const url = await waitForListeningUrl(forwarder.stdout as NodeJS.ReadableStream);
      const corpus = temporaryFile(
        'corpus.ndjson',
        readFileSync(join(REPOSITORY_ROOT, 'samples', 'falco-events.ndjson'), 'utf8')
          .split('\n')
          .slice(0, 25)
          .join('\n'),
      );
      const replayed = talaria([
        'replay',
        corpus,
        '--url',
        `${url}/`,
        '--token',
        'cli-test-token-123456',
      ]);
      expect(replayed.status).toBe(0);

      forwarder.kill('SIGTERM');
      const exitCode = await new Promise((resolve) => forwarder.once('exit', resolve));
      expect(exitCode).toBe(0);
      expect(existsSync(out)).toBe(true);
      expect(readFileSync(out, 'utf8').split('\n').filter(Boolean)).toHaveLength(25);
    } finally {
      forwarder.kill('SIGKILL');
    }
  }, 90_000);
});

async function waitForListeningUrl(stdout: NodeJS.ReadableStream): Promise<string> {
  for await (const line of createInterface({ input: stdout })) {
    if (!line.includes('forwarder listening')) continue;
    return (JSON.parse(line) as { url: string }).url;
  }
  throw new Error('the forwarder exited before it listened');
}
