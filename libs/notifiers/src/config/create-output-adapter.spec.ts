import { promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { startRecordingServer, type RecordingServer } from '@talaria/testing';
import { Registry } from 'prom-client';

import { captureLogger } from '../../test/support/capture-logger';
import { makeFinding } from '../../test/support/findings';
import { MemoryDeadLetter } from '../../test/support/memory-dead-letter';
import { FileOutput } from '../adapters/file-output';
import { StdoutOutput } from '../adapters/stdout-output';
import { WebhookOutput } from '../adapters/webhook/webhook-output';
import { verifyWebhookSignature } from '../adapters/webhook/webhook-signature';
import { createDeliveryEngine } from './create-delivery-engine';
import { createOutputAdapter } from './create-output-adapter';
import { OutputConfigError } from './output-config-error';
import { parseOutputConfig, parseOutputsConfig } from './parse-output-config';

describe('createOutputAdapter', () => {
  let server: RecordingServer;
  let directory: string;

  beforeEach(async () => {
    server = await startRecordingServer();
    directory = await fs.mkdtemp(path.join(os.tmpdir(), 'talaria-secrets-'));
  });

  afterEach(async () => {
    await server.close();
    await fs.rm(directory, { recursive: true, force: true });
  });

  it('creates each adapter type', async () => {
    const file = createOutputAdapter(
      parseOutputConfig(
        { name: 'archive', type: 'file', path: path.join(directory, 'a.ndjson') },
        'outputs[0]',
      ),
    );
    const stdout = createOutputAdapter(
      parseOutputConfig({ name: 'console', type: 'stdout' }, 'outputs[1]'),
    );
    const webhook = createOutputAdapter(
      parseOutputConfig(
        { name: 'siem', type: 'webhook', url: server.url, payload: 'array', batchSize: 25 },
        'outputs[2]',
      ),
    );

    expect(file).toBeInstanceOf(FileOutput);
    expect(stdout).toBeInstanceOf(StdoutOutput);
    expect(webhook).toBeInstanceOf(WebhookOutput);
    expect(webhook.maxBatchSize).toBe(25);
    await webhook.close?.();
  });

  it('sends secret headers and signs with a file secret', async () => {
    const secretFile = path.join(directory, 'hmac');
    await fs.writeFile(secretFile, 'file-signing-key\n');
    const config = parseOutputConfig(
      {
        name: 'siem',
        type: 'webhook',
        url: `${server.url}/in`,
        headers: { Authorization: { env: 'TEST_SIEM_TOKEN' } },
        signingSecret: { file: secretFile },
      },
      'outputs[0]',
    );
    const adapter = createOutputAdapter(config, {
      secrets: {
        env: { TEST_SIEM_TOKEN: 'Bearer from-env' },
        readFile: (file) => readFileSync(file, 'utf8'),
      },
    });

    await adapter.send([makeFinding()]);
    await adapter.close?.();

    const [request] = server.requests;
    expect(request.headers.authorization).toBe('Bearer from-env');
    const check = verifyWebhookSignature({
      secret: 'file-signing-key',
      body: request.rawBody,
      timestamp: request.headers['x-talaria-timestamp'],
      signature: request.headers['x-talaria-signature'],
    });
    expect(check).toEqual({ valid: true });
  });

  it('names a missing environment variable', () => {
    const config = parseOutputConfig(
      {
        name: 'siem',
        type: 'webhook',
        url: server.url,
        headers: { Authorization: { env: 'TEST_UNSET_TOKEN' } },
      },
      'outputs[0]',
    );

    expect(() => createOutputAdapter(config, { secrets: { env: {}, readFile: () => '' } })).toThrow(
      new OutputConfigError([
        'output "siem" headers.Authorization: environment variable TEST_UNSET_TOKEN is not set or empty; export it before starting, or use { file: PATH }',
      ]),
    );
  });

  it('names a missing secret file', () => {
    const missing = path.join(directory, 'absent');
    const config = parseOutputConfig(
      { name: 'siem', type: 'webhook', url: server.url, signingSecret: { file: missing } },
      'outputs[0]',
    );

    expect(() => createOutputAdapter(config)).toThrow(
      `output "siem" signingSecret: reading secret file ${missing} failed (ENOENT); check that the file is mounted and readable`,
    );
  });

  it('rejects an empty secret file', async () => {
    const empty = path.join(directory, 'empty');
    await fs.writeFile(empty, '\n');
    const config = parseOutputConfig(
      { name: 'siem', type: 'webhook', url: server.url, signingSecret: { file: empty } },
      'outputs[0]',
    );

    expect(() => createOutputAdapter(config)).toThrow(
      `output "siem" signingSecret: secret file ${empty} is empty`,
    );
  });

  it('rejects a multi-line header secret without echoing it', () => {
    const config = parseOutputConfig(
      {
        name: 'siem',
        type: 'webhook',
        url: server.url,
        headers: { 'X-Api-Key': { env: 'TEST_KEY' } },
      },
      'outputs[0]',
    );

    const create = (): unknown =>
      createOutputAdapter(config, {
        secrets: { env: { TEST_KEY: 'line-one\nline-two' }, readFile: () => '' },
      });

    expect(create).toThrow(
      'output "siem" headers.X-Api-Key: the secret contains a line break or NUL byte',
    );
    expect(create).not.toThrow(/line-one/);
  });
});

describe('createDeliveryEngine', () => {
  it('routes findings to configured outputs', async () => {
    const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'talaria-engine-'));
    const file = path.join(directory, 'critical.ndjson');
    const configs = parseOutputsConfig([
      { name: 'critical-file', type: 'file', path: file, minPriority: 'Critical', lingerMs: 0 },
    ]);
    const deadLetter = new MemoryDeadLetter();
    const engine = await createDeliveryEngine(configs, {
      registry: new Registry(),
      logger: captureLogger().logger,
      deadLetter,
    });
    const critical = makeFinding({ priority: 'Critical' });

    const outcome = await new Promise((resolve) => engine.dispatch(critical, resolve));
    const skipped = engine.dispatch(makeFinding({ priority: 'Notice' }), () => undefined);
    await engine.drain(Date.now() + 1000);
    await engine.close();

    expect(outcome).toEqual({ delivered: ['critical-file'], deadLettered: [], coalesced: [] });
    expect(skipped).toBe(0);
    const lines = (await fs.readFile(file, 'utf8')).trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line).id)).toEqual([critical.id]);
    expect(deadLetter.closed).toBe(true);
    await fs.rm(directory, { recursive: true, force: true });
  });
});
