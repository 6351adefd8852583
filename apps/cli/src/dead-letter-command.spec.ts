import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { buildFinding, newFindingId, parseAlertOrThrow } from '@talaria/falco-event';
import { formatDeadLetterLines, type DeadLetterRecord } from '@talaria/notifiers';
import { runDeadLetterCommand } from './dead-letter-command';

const EVT_TIME = '1733318400123456789';
const ALERT =
  `{"output":"A shell was spawned","priority":"Notice","rule":"Terminal shell in container",` +
  `"time":"2024-12-04T13:20:00.123456789Z","source":"syscall","tags":["container"],` +
  `"output_fields":{"evt.time":${EVT_TIME},"k8s.ns.name":"payments","k8s.pod.name":"api-7d9f8c6b5-x2k4q"}}`;

/** A receiver that answers every request with one status and keeps the bodies. */
async function startReceiver(
  status: number,
): Promise<{ url: string; bodies: string[]; server: Server }> {
  const bodies: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      bodies.push(body);
      response.writeHead(status).end(status === 200 ? 'ok' : 'rejected by the test receiver');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, bodies, server };
}

function record(output: string, reason: DeadLetterRecord['reason']): DeadLetterRecord {
  const finding = buildFinding({
    id: newFindingId(),
    receivedAt: new Date('2026-12-05T07:00:00Z'),
    cluster: 'prod-eu-1',
    region: 'eu-west-1',
    parsed: parseAlertOrThrow(ALERT),
  });
  return {
    deadLetteredAt: '2026-12-05T07:01:00.000Z',
    output,
    reason,
    attempts: 3,
    lastError: 'HTTP 503',
    finding,
  };
}

/**
 * Writes a configuration with a webhook `siem` (a queue of 2 findings) and a
 * file output `archive`, and a dead-letter file.
 */
function setup(webhookUrl: string, siemRecords = 2) {
  const directory = mkdtempSync(join(tmpdir(), 'talaria-dead-letter-'));
  const configPath = join(directory, 'forwarder.yaml');
  const archivePath = join(directory, 'archive.ndjson');
  writeFileSync(
    configPath,
    [
      'outputs:',
      '  - name: siem',
      '    type: webhook',
      `    url: ${webhookUrl}`,
      '    maxQueue: 2',
      '  - name: archive',
      '    type: file',
      `    path: ${archivePath}`,
      '',
    ].join('\n'),
  );

  const deadLetterPath = join(directory, 'dead-letter.ndjson');
  const records = [
    ...Array.from({ length: siemRecords }, () => record('siem', 'output_down')),
    record('archive', 'queue_full'),
    record('removed-output', 'output_down'),
  ];
  writeFileSync(deadLetterPath, `${formatDeadLetterLines(records)}not a record\n`);
  return { directory, configPath, archivePath, deadLetterPath, records };
}

function capture() {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

async function run(args: string[]) {
  const stdout = capture();
  const stderr = capture();
  const code = await runDeadLetterCommand(
    args,
    { stdout: stdout.stream, stderr: stderr.stream },
    {},
  );
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe('talaria dead-letter redeliver', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;

  afterEach(async () => {
    const server = receiver?.server;
    receiver = undefined;
    if (server === undefined) return;

    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends each finding to its own output', async () => {
    receiver = await startReceiver(200);
    const files = setup(receiver.url);
    const failedPath = join(files.directory, 'failed.ndjson');

    const result = await run([
      'redeliver',
      '--config',
      files.configPath,
      '--failed',
      failedPath,
      files.deadLetterPath,
    ]);

    expect(result.code).toBe(0);
    expect(receiver.bodies).toHaveLength(2);
    // The nanosecond time keeps every digit through the dead letter and back.
    expect(receiver.bodies[0]).toContain(`"evt.time":${EVT_TIME}`);
    const sentIds = receiver.bodies.map((body) => (JSON.parse(body) as { id: string }).id);
    expect(sentIds.sort()).toEqual(
      [files.records[0].finding.id, files.records[1].finding.id].sort(),
    );
    const archived = readFileSync(files.archivePath, 'utf8').trim().split('\n');
    expect(archived).toHaveLength(1);
    expect(archived[0]).toContain(files.records[2].finding.id);
    expect(result.stdout).toMatch(/siem\s+2\s+2\s+0\s+0\s+0/);
    expect(result.stdout).toMatch(/archive\s+1\s+1\s+0\s+0\s+0/);
    expect(result.stdout).toContain(
      '1 record(s) for output "removed-output", which the configuration does not have; skipped.',
    );
    expect(result.stdout).toContain('dead-letter.ndjson:5: invalid record, skipped: not JSON');
    expect(existsSync(failedPath)).toBe(false);
  });

  it('keeps within the output queue', async () => {
    receiver = await startReceiver(200);
    const files = setup(receiver.url, 12);

    const result = await run([
      'redeliver',
      '--config',
      files.configPath,
      '--output',
      'siem',
      '--failed',
      join(files.directory, 'failed.ndjson'),
      files.deadLetterPath,
    ]);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/siem\s+12\s+12\s+0\s+0\s+0/);
    expect(receiver.bodies).toHaveLength(12);
  });

  it('writes findings rejected again to the failed file', async () => {
    receiver = await startReceiver(400);
    const files = setup(receiver.url);
    const failedPath = join(files.directory, 'failed.ndjson');

    const result = await run([
      'redeliver',
      '--config',
      files.configPath,
      '--output',
      'siem',
      '--failed',
      failedPath,
      files.deadLetterPath,
    ]);

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/siem\s+2\s+0\s+2\s+0\s+0/);
    expect(result.stdout).toContain('2 record(s) left out by --output or --reason.');
    const failed = readFileSync(failedPath, 'utf8').trim().split('\n');
    expect(failed).toHaveLength(2);
    expect(JSON.parse(failed[0])).toMatchObject({ output: 'siem', reason: 'not_retryable' });
    expect(failed[0]).toContain(`"evt.time":${EVT_TIME}`);
    expect(existsSync(files.archivePath)).toBe(false);
  });

  it('selects records by reason', async () => {
    receiver = await startReceiver(200);
    const files = setup(receiver.url);

    const result = await run([
      'redeliver',
      '--config',
      files.configPath,
      '--reason',
      'queue_full',
      '--failed',
      join(files.directory, 'failed.ndjson'),
      files.deadLetterPath,
    ]);

    expect(result.code).toBe(0);
    expect(receiver.bodies).toHaveLength(0);
    expect(result.stdout).toContain('3 record(s) left out by --output or --reason.');
    expect(readFileSync(files.archivePath, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('rejects an output the configuration lacks', async () => {
    receiver = await startReceiver(200);
    const files = setup(receiver.url);

    const result = await run([
      'redeliver',
      '--config',
      files.configPath,
      '--output',
      'splunk',
      files.deadLetterPath,
    ]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '--output splunk is not an output of the configuration; it has siem, archive',
    );
  });

  it('requires a configuration', async () => {
    const result = await run(['redeliver', 'dead-letter.ndjson']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--config is required');
  });
});

describe('talaria dead-letter summary', () => {
  it('counts records by output and reason', async () => {
    const files = setup('http://127.0.0.1:9/unused');

    const result = await run(['summary', files.deadLetterPath]);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '4 records in 1 file(s), dead-lettered from 2026-12-05T07:01:00.000Z to 2026-12-05T07:01:00.000Z',
    );
    expect(result.stdout).toMatch(/siem\s+output_down\s+2/);
    expect(result.stdout).toMatch(/archive\s+queue_full\s+1/);
    expect(result.stdout).toMatch(/4\s+Terminal shell in container/);
    expect(result.stdout).toContain('1 invalid line(s), skipped:');
  });

  it('escapes control characters from alerts', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'talaria-dead-letter-'));
    const path = join(directory, 'dead-letter.ndjson');
    const hostile = record('siem', 'output_down');
    hostile.finding.alert = { ...hostile.finding.alert, rule: 'shell\u001b[2Jcleared' };
    writeFileSync(path, formatDeadLetterLines([hostile]));

    const result = await run(['summary', path]);

    expect(result.stdout).toContain('shell\\x1b[2Jcleared');
    expect(result.stdout).not.toContain('\u001b');
  });

  it('rejects options of redeliver', async () => {
    const result = await run(['summary', '--config', 'forwarder.yaml', 'dead-letter.ndjson']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('are options of redeliver, not of summary');
  });
});
