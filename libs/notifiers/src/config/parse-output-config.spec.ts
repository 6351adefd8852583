import { OUTPUT_TYPES } from './output-config';
import { OutputConfigError } from './output-config-error';
import { parseDeadLetterConfig } from './parse-dead-letter-config';
import { parseOutputConfig, parseOutputsConfig } from './parse-output-config';
import { thrownBy } from '@talaria/testing';

function issuesOf(action: () => unknown): string[] {
  return thrownBy(action, OutputConfigError).issues;
}

describe('parseOutputConfig', () => {
  it('reads a webhook with every key', () => {
    const config = parseOutputConfig(
      {
        name: 'siem',
        type: 'webhook',
        url: 'https://siem.example.test/ingest',
        minPriority: 'warning',
        rules: ['Terminal shell in container'],
        sources: ['syscall'],
        tags: ['shell'],
        maxQueue: 500,
        batchSize: 20,
        lingerMs: 50,
        concurrency: 2,
        retry: { initialDelayMs: 200, maxDelayMs: 10_000, maxAttempts: 4, maxRetryAfterMs: 60_000 },
        circuit: { failureThreshold: 3, cooldownMs: 5000, maxWaitMs: 120_000 },
        method: 'PUT',
        headers: { Authorization: { env: 'SIEM_TOKEN' }, 'X-Team': 'security' },
        payload: 'array',
        timeoutMs: 3000,
        signingSecret: { file: '/run/secrets/siem-hmac' },
        maxSockets: 4,
      },
      'outputs[0]',
    );

    expect(config).toEqual({
      name: 'siem',
      type: 'webhook',
      url: 'https://siem.example.test/ingest',
      route: {
        minPriority: 'Warning',
        rules: ['Terminal shell in container'],
        sources: ['syscall'],
        tags: ['shell'],
      },
      delivery: {
        maxQueue: 500,
        batchSize: 20,
        lingerMs: 50,
        concurrency: 2,
        retry: { initialDelayMs: 200, maxDelayMs: 10_000, maxAttempts: 4, maxRetryAfterMs: 60_000 },
        circuit: { failureThreshold: 3, cooldownMs: 5000, maxWaitMs: 120_000 },
      },
      method: 'PUT',
      headers: { Authorization: { env: 'SIEM_TOKEN' }, 'X-Team': 'security' },
      payload: 'array',
      timeoutMs: 3000,
      signingSecret: { file: '/run/secrets/siem-hmac' },
      maxSockets: 4,
    });
  });

  it('fills defaults for a minimal stdout output', () => {
    const config = parseOutputConfig({ name: 'console', type: 'stdout' }, 'outputs[0]');

    expect(config).toMatchObject({
      name: 'console',
      type: 'stdout',
      format: 'json',
      route: { minPriority: 'Debug' },
    });
  });

  it('reads a file output', () => {
    const config = parseOutputConfig(
      {
        name: 'archive',
        type: 'file',
        path: '/var/log/talaria/findings.ndjson',
        maxBytes: 1_048_576,
        maxFiles: 3,
      },
      'outputs[2]',
    );

    expect(config).toMatchObject({
      type: 'file',
      path: '/var/log/talaria/findings.ndjson',
      maxBytes: 1_048_576,
      maxFiles: 3,
    });
  });

  it('names the path, value and fix for a bad URL', () => {
    expect(
      issuesOf(() =>
        parseOutputConfig({ name: 'x', type: 'webhook', url: 'ftp://x' }, 'outputs[1]'),
      ),
    ).toEqual([
      'outputs[1].url: "ftp://x" is not an http(s) URL; set an http:// or https:// address',
    ]);
  });

  it('reports every problem at once', () => {
    const issues = issuesOf(() =>
      parseOutputConfig(
        {
          name: 'bad name!',
          type: 'webhook',
          url: 'not a url',
          minPriority: 'Severe',
          batchSize: 0,
          colour: 'red',
        },
        'outputs[3]',
      ),
    );

    expect(issues).toEqual([
      'outputs[3].name: "bad name!" is not valid; use up to 64 letters, digits, _, . or -, starting with a letter or digit',
      'outputs[3].colour: unknown key; remove it or use one of name, type, minPriority, rules, sources, tags, criticalities, maxQueue, batchSize, lingerMs, concurrency, retry, circuit, url, method, headers, payload, timeoutMs, signingSecret, maxSockets',
      'outputs[3].minPriority: "Severe" is not a Falco priority; use one of Emergency, Alert, Critical, Error, Warning, Notice, Informational, Debug',
      'outputs[3].batchSize: 0 is not valid; set a whole number from 1 to 100000 (findings)',
      'outputs[3].url: "not a url" is not a URL; set an http:// or https:// address',
    ]);
  });

  it('rejects an unknown type', () => {
    expect(issuesOf(() => parseOutputConfig({ name: 'x', type: 'kafka' }, 'outputs[0]'))).toEqual([
      `outputs[0].type: "kafka" is not a known output type; use one of ${OUTPUT_TYPES.join(', ')}`,
    ]);
  });

  it('rejects a missing type', () => {
    expect(issuesOf(() => parseOutputConfig({ name: 'x' }, 'outputs[0]'))).toEqual([
      `outputs[0].type: missing; use one of ${OUTPUT_TYPES.join(', ')}`,
    ]);
  });

  it('rejects a non-object entry', () => {
    expect(issuesOf(() => parseOutputConfig('stdout', 'outputs[0]'))).toEqual([
      'outputs[0]: "stdout" is not a mapping; write it as key: value pairs',
    ]);
  });

  it('rejects a literal signing secret', () => {
    const issues = issuesOf(() =>
      parseOutputConfig(
        { name: 'x', type: 'webhook', url: 'https://a.test', signingSecret: 'hunter2-secret' },
        'outputs[0]',
      ),
    );

    expect(issues).toEqual([
      'outputs[0].signingSecret: a literal secret is not accepted; write { env: NAME } or { file: PATH } and keep the secret itself out of the configuration',
    ]);
    expect(issues.join()).not.toContain('hunter2');
  });

  it('rejects a literal credential header', () => {
    const issues = issuesOf(() =>
      parseOutputConfig(
        {
          name: 'x',
          type: 'webhook',
          url: 'https://a.test',
          headers: { Authorization: 'Bearer abc123' },
        },
        'outputs[0]',
      ),
    );

    expect(issues).toEqual([
      'outputs[0].headers.Authorization: a literal value is not accepted for a credential header; write { env: NAME } or { file: PATH }',
    ]);
    expect(issues.join()).not.toContain('abc123');
  });

  it('rejects credentials in the URL without echoing them', () => {
    const issues = issuesOf(() =>
      parseOutputConfig(
        { name: 'x', type: 'webhook', url: 'https://user:pa55word@a.test/' },
        'outputs[0]',
      ),
    );

    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^outputs\[0\]\.url: contains a user name or password/);
    expect(issues[0]).not.toContain('pa55word');
  });

  it('rejects headers the adapter sets', () => {
    const issues = issuesOf(() =>
      parseOutputConfig(
        {
          name: 'x',
          type: 'webhook',
          url: 'https://a.test',
          headers: { 'Content-Length': '5', 'Bad Name': 'x' },
        },
        'outputs[0]',
      ),
    );

    expect(issues).toEqual([
      'outputs[0].headers.Content-Length: is set by the webhook output itself; remove it',
      'outputs[0].headers: "Bad Name" is not a valid header name; use letters, digits and -',
    ]);
  });

  it('rejects a header value with a line break', () => {
    const issues = issuesOf(() =>
      parseOutputConfig(
        {
          name: 'x',
          type: 'webhook',
          url: 'https://a.test',
          headers: { 'X-Team': 'a\r\nX-Injected: 1' },
        },
        'outputs[0]',
      ),
    );

    expect(issues).toEqual([
      'outputs[0].headers.X-Team: "a\\r\\nX-Injected: 1" contains a line break or control character; remove it',
    ]);
  });

  it('rejects a malformed secret reference', () => {
    const issues = issuesOf(() =>
      parseOutputConfig(
        {
          name: 'x',
          type: 'webhook',
          url: 'https://a.test',
          headers: { 'X-Api-Key': { env: 'not valid' }, 'X-Other': { vault: 'x' } },
        },
        'outputs[0]',
      ),
    );

    expect(issues).toEqual([
      'outputs[0].headers.X-Api-Key.env: "not valid" is not an environment variable name; use letters, digits and _',
      'outputs[0].headers.X-Other: {"vault":"x"} is not a secret reference; write { env: NAME } or { file: PATH } and keep the secret itself out of the configuration',
    ]);
  });

  it('checks retry and circuit keys', () => {
    const issues = issuesOf(() =>
      parseOutputConfig(
        {
          name: 'x',
          type: 'stdout',
          retry: { maxAttempts: 0, backoff: 2 },
          circuit: { cooldownMs: -1, maxWaitMs: 10 },
        },
        'outputs[0]',
      ),
    );

    expect(issues).toEqual([
      'outputs[0].retry.backoff: unknown key; remove it or use one of initialDelayMs, maxDelayMs, maxAttempts, maxRetryAfterMs',
      'outputs[0].retry.maxAttempts: 0 is not valid; set a whole number from 1 to 1000 (attempts)',
      'outputs[0].circuit.cooldownMs: -1 is not valid; set a whole number from 0 to 86400000 (milliseconds)',
      'outputs[0].circuit.maxWaitMs: 10 is not valid; set a whole number from 1000 to 604800000 (milliseconds)',
    ]);
  });

  it('checks that the retry cap is not below the first delay', () => {
    const issues = issuesOf(() =>
      parseOutputConfig(
        { name: 'x', type: 'stdout', retry: { initialDelayMs: 5000, maxDelayMs: 100 } },
        'outputs[0]',
      ),
    );

    expect(issues).toEqual([
      'outputs[0].retry.maxDelayMs (100) must not be below retry.initialDelayMs (5000)',
    ]);
  });

  it('checks list entries', () => {
    const issues = issuesOf(() =>
      parseOutputConfig(
        { name: 'x', type: 'stdout', tags: ['ok', 3], rules: 'one rule' },
        'outputs[0]',
      ),
    );

    expect(issues).toEqual([
      'outputs[0].rules: "one rule" is not a list; write a list of strings such as [a, b]',
      'outputs[0].tags[1]: 3 is not a non-empty string',
    ]);
  });

  it('reads owner criticalities', () => {
    const config = parseOutputConfig(
      { name: 'pager', type: 'stdout', criticalities: ['high', 'unknown'] },
      'outputs[0]',
    );

    expect(config.route.criticalities).toEqual(['high', 'unknown']);
    expect(
      issuesOf(() =>
        parseOutputConfig({ name: 'x', type: 'stdout', criticalities: 'high' }, 'outputs[0]'),
      ),
    ).toEqual([
      'outputs[0].criticalities: "high" is not a list; write a list of strings such as [a, b]',
    ]);
  });

  it('joins several issues into the message', () => {
    expect(() => parseOutputConfig({ type: 'file' }, 'outputs[0]')).toThrow(
      'invalid output configuration (2 problems):\n- outputs[0].name: missing; set it to a non-empty string\n- outputs[0].path: missing; set it to a non-empty string',
    );
  });
});

describe('parseOutputsConfig', () => {
  it('reads a list', () => {
    const configs = parseOutputsConfig([
      { name: 'console', type: 'stdout' },
      { name: 'archive', type: 'file', path: '/tmp/a.ndjson' },
    ]);

    expect(configs.map((config) => config.name)).toEqual(['console', 'archive']);
  });

  it('rejects duplicate names', () => {
    expect(
      issuesOf(() =>
        parseOutputsConfig([
          { name: 'console', type: 'stdout' },
          { name: 'console', type: 'stdout', format: 'text' },
        ]),
      ),
    ).toEqual([
      'outputs[1].name: "console" is already used by outputs[0]; give each output a unique name',
    ]);
  });

  it('rejects an empty list', () => {
    expect(issuesOf(() => parseOutputsConfig([]))).toEqual([
      'outputs: [] is not a non-empty list; list at least one output',
    ]);
  });

  it('collects issues from every entry', () => {
    const issues = issuesOf(() =>
      parseOutputsConfig([
        { name: 'a', type: 'stdout', format: 'xml' },
        { name: 'b', type: 'file' },
      ]),
    );

    expect(issues).toEqual([
      'outputs[0].format: "xml" is not valid; use one of json, text',
      'outputs[1].path: missing; set it to a non-empty string',
    ]);
  });
});

describe('parseDeadLetterConfig', () => {
  it('reads the settings', () => {
    expect(parseDeadLetterConfig({ path: '/var/lib/talaria/dead.ndjson', maxFiles: 2 })).toEqual({
      path: '/var/lib/talaria/dead.ndjson',
      maxBytes: undefined,
      maxFiles: 2,
    });
  });

  it('requires a path', () => {
    expect(issuesOf(() => parseDeadLetterConfig({ maxBytes: 10 }))).toEqual([
      'deadLetter.path: missing; set it to a non-empty string',
      'deadLetter.maxBytes: 10 is not valid; set a whole number of at least 1024 (bytes)',
    ]);
  });
});
