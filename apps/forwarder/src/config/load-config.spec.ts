import { problemsOf, writeConfig } from '../../test/support/config-files';
import { environmentName } from './config-schema';
import { loadConfig } from './load-config';
import { maskSecrets } from './mask-secrets';

describe('loadConfig', () => {
  it('returns embedded defaults without a file', () => {
    const config = loadConfig({ env: {} });

    expect(config.listen.port).toBe(2801);
    expect(config.minPriority).toBe('Debug');
    expect(config.spool.fsync).toBe('interval');
    expect(config.spool.writeMode).toBe('adaptive');
  });

  it('layers file, environment and flags in that order', () => {
    const file = writeConfig(
      'cluster: from-file\nregion: eu-west-1\nlisten:\n  port: 9000\nspool:\n  maxBytes: 64MiB\n',
    );
    const config = loadConfig({
      file,
      env: { TALARIA_CLUSTER: 'from-env', TALARIA_LISTEN__PORT: '9100' },
      overrides: { 'listen.port': '9200' },
    });

    expect(config.cluster).toBe('from-env');
    expect(config.region).toBe('eu-west-1');
    expect(config.listen.port).toBe(9200);
    expect(config.spool.maxBytes).toBe(64 * 1024 * 1024);
  });

  it('normalises priority spellings', () => {
    expect(loadConfig({ env: { TALARIA_MIN_PRIORITY: 'warn' } }).minPriority).toBe('Warning');
  });

  it.each([
    ['listen:\n  port: 70000\n', 'listen.port: 70000 is out of range'],
    ['spool:\n  maxBytes: lots\n', 'spool.maxBytes: "lots" is not a size'],
    [
      'spool:\n  fsync: sometimes\n',
      'spool.fsync: "sometimes" is not valid; expected one of always, interval, never',
    ],
    [
      'spool:\n  writeMode: direct\n',
      'spool.writeMode: "direct" is not valid; expected one of adaptive, async',
    ],
    ['minPriority: Urgent\n', 'minPriority: "Urgent" is not a Falco priority'],
    ['spool:\n  maxbytes: 1MiB\n', 'spool.maxbytes: unknown key; did you mean spool.maxBytes?'],
    ['outputs:\n  - name: a\n  - name: a\n', 'outputs[1].name: "a" is used twice'],
    [
      'auth:\n  tokens:\n    - name: x\n      token: { env: NOT_SET_ANYWHERE }\n',
      'environment variable NOT_SET_ANYWHERE is not set',
    ],
    ['tls:\n  certFile: /tmp/c.pem\n', 'tls: certFile and keyFile are both required'],
  ])('names the key for %j', (yaml, expected) => {
    const problems = problemsOf(() => loadConfig({ file: writeConfig(yaml), env: {} }));

    expect(problems.join('\n')).toContain(expected);
  });

  it('names the environment variable of a bad value', () => {
    const problems = problemsOf(() => loadConfig({ env: { TALARIA_SPOOL__WRITE_MODE: 'sync' } }));

    expect(problems.join('\n')).toContain(
      'spool.writeMode: "sync" is not valid; expected one of adaptive, async (from environment variable TALARIA_SPOOL__WRITE_MODE)',
    );
  });

  it('reports every problem at once', () => {
    const problems = problemsOf(() =>
      loadConfig({ file: writeConfig('listen:\n  port: -1\nspool:\n  fsync: no\n'), env: {} }),
    );

    expect(problems).toHaveLength(2);
  });

  it('reports YAML syntax errors with the file name', () => {
    const file = writeConfig('cluster: [unclosed\n');
    const problems = problemsOf(() => loadConfig({ file, env: {} }));

    expect(problems[0]).toContain(file);
  });

  it('checks only outputs when asked', () => {
    const file = writeConfig(
      'auth:\n  tokens:\n    - name: falco\n      token: { env: UNSET_TOKEN }\noutputs:\n  - name: out\n    type: file\n    path: out.ndjson\n',
    );

    expect(problemsOf(() => loadConfig({ file, env: {} }))).toEqual([
      'auth.tokens[0].token: environment variable UNSET_TOKEN is not set; export it or use { file: PATH }',
    ]);
    expect(loadConfig({ file, env: {}, outputsOnly: true }).outputs).toHaveLength(1);
  });

  it('names a missing file', () => {
    expect(problemsOf(() => loadConfig({ file: '/nonexistent/forwarder.yaml', env: {} }))).toEqual([
      'cannot read config file /nonexistent/forwarder.yaml: it does not exist; check the path',
    ]);
  });

  it('names environment variables after the key', () => {
    expect(environmentName('spool.maxMemoryEntries')).toBe('TALARIA_SPOOL__MAX_MEMORY_ENTRIES');
  });
});

describe('maskSecrets', () => {
  it('masks inline secrets and keeps references visible', () => {
    const masked = maskSecrets({
      auth: {
        tokens: [
          { name: 'a', token: 'plain-secret' },
          { name: 'b', token: { env: 'TOKEN_B' } },
        ],
      },
      outputs: [
        { name: 'hook', headers: { 'x-api-key': 'k1', 'x-team': 'blue' }, hmacSecret: 's3' },
      ],
    });
    const text = JSON.stringify(masked);

    expect(text).not.toContain('plain-secret');
    expect(text).not.toContain('"k1"');
    expect(text).not.toContain('"s3"');
    expect(text).toContain('TOKEN_B');
  });

  it('masks the password of a URL', () => {
    const masked = maskSecrets({
      noise: { store: { type: 'redis', url: 'redis://:hunter2@cache:6379/0' } },
    });

    expect(JSON.stringify(masked)).toContain('redis://:[redacted]@cache:6379/0');
    expect(JSON.stringify(masked)).not.toContain('hunter2');
  });
});
