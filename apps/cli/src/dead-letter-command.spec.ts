import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFinding, newFindingId, parseAlertOrThrow } from '@talaria/falco-event';
import { formatDeadLetterLines, type DeadLetterRecord } from '@talaria/notifiers';
import { runDeadLetterCommand } from './dead-letter-command';
import { captureStream } from '../test/support/captured-streams';

const EVT_TIME = '1733318400123456789';
const ALERT =
  `{"output":"A shell was spawned","priority":"Notice","rule":"Terminal shell in container",` +
  `"time":"2024-12-04T13:20:00.123456789Z","source":"syscall","tags":["container"],` +
  `"output_fields":{"evt.time":${EVT_TIME},"k8s.ns.name":"payments","k8s.pod.name":"api-7d9f8c6b5-x2k4q"}}`;

/** Starts a receiver that responds to every request with one status and keeps the bodies. */
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

function record(
  output: string,
  reason: DeadLetterRecord['reason'],
  deadLetteredAt = '2026-12-05T07:01:00.000Z',
): DeadLetterRecord {
  const finding = buildFinding({
    id: newFindingId(),
    receivedAt: new Date('2026-12-05T07:00:00Z'),
    cluster: 'prod-eu-1',
    region: 'eu-west-1',
    parsed: parseAlertOrThrow(ALERT),
  });
  return {
    deadLetteredAt,
    output,
    reason,
    attempts: 3,
    lastError: 'HTTP 503',
    finding,
  };
}

/**
 * Writes a configuration with a webhook `siem` (a queue of 2 findings) and a
 * file output `archive`, and a dead-letter file with records for both.
 * `strays` adds a record of an output the configuration lacks and a line
 * that is not a record.
 */
function setup(
  webhookUrl: string,
  options: { siemRecords?: number; strays?: boolean; deadLetteredAt?: string } = {},
) {
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
    ...Array.from({ length: options.siemRecords ?? 2 }, () =>
      record('siem', 'output_down', options.deadLetteredAt),
    ),
    record('archive', 'queue_full', options.deadLetteredAt),
    ...(options.strays ? [record('removed-output', 'output_down')] : []),
  ];
  const strayLine = options.strays ? 'not a record\n' : '';
  writeFileSync(deadLetterPath, `${formatDeadLetterLines(records)}${strayLine}`);
  return { directory, configPath, archivePath, deadLetterPath, records };
}

async function run(args: string[]) {
  const stdout = captureStream();
  const stderr = captureStream();
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

  function redeliver(files: ReturnType<typeof setup>, ...options: string[]) {
    const failedPath = join(files.directory, 'failed.ndjson');
    return run([
      'redeliver',
      '--config',
      files.configPath,
      '--failed',
      failedPath,
      ...options,
      files.deadLetterPath,
    ]);
  }

  it('sends each finding to its own output', async () => {
    receiver = await startReceiver(200);
    const files = setup(receiver.url);

    const result = await redeliver(files);

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
    expect(result.stdout).toContain('3 record(s) read.');
    expect(result.stdout).toContain(
      'The newest record read was dead-lettered at 2026-12-05T07:01:00.000Z. Pass --since 2026-12-05T07:01:00.001Z to the next run to skip every record read now.',
    );
    expect(result.stdout).toMatch(/siem\s+2\s+2\s+0\s+0\s+0/);
    expect(result.stdout).toMatch(/archive\s+1\s+1\s+0\s+0\s+0/);
    expect(existsSync(join(files.directory, 'failed.ndjson'))).toBe(false);
  });

  it('advises --since of a recent record', async () => {
    receiver = await startReceiver(200);
    const justNow = new Date().toISOString();
    const files = setup(receiver.url, { deadLetteredAt: justNow });

    const result = await redeliver(files);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `The newest record read was dead-lettered at ${justNow}. Pass that time as --since to the next run`,
    );
    expect(result.stdout).toContain('records of that same millisecond are sent again');
  });

  it('keeps within the output queue', async () => {
    receiver = await startReceiver(200);
    const files = setup(receiver.url, { siemRecords: 12 });

    const result = await redeliver(files, '--output', 'siem');

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/siem\s+12\s+12\s+0\s+0\s+0/);
    expect(receiver.bodies).toHaveLength(12);
  });

  it('warns about records at the --since time', async () => {
    receiver = await startReceiver(200);
    const files = setup(receiver.url);

    const result = await redeliver(
      files,
      '--since',
      '2026-12-05T07:01:00.000Z',
      '--reason',
      'queue_full',
    );

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('2 record(s) left out by --reason, --since.');
    expect(result.stdout).toContain(
      '1 selected record(s) were dead-lettered at the --since time itself; an earlier run may have sent them already',
    );
  });

  it('says when nothing was selected', async () => {
    const files = setup('http://127.0.0.1:9/unused');

    const result = await redeliver(files, '--until', '2026-01-01T00:00:00Z');

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '3 record(s) read; none was selected for an output of the configuration.',
    );
    expect(result.stdout).not.toContain('delivered');
  });

  it('sends a finding listed twice once', async () => {
    receiver = await startReceiver(200);
    const files = setup(receiver.url);

    const result = await run([
      'redeliver',
      '--config',
      files.configPath,
      '--failed',
      join(files.directory, 'failed.ndjson'),
      files.deadLetterPath,
      files.deadLetterPath,
    ]);

    expect(result.code).toBe(0);
    expect(receiver.bodies).toHaveLength(2);
    expect(result.stdout).toContain('3 record(s) repeat a finding already sent');
  });

  it('writes findings rejected again to the failed file', async () => {
    receiver = await startReceiver(400);
    const files = setup(receiver.url);
    const failedPath = join(files.directory, 'failed.ndjson');

    const result = await redeliver(files, '--output', 'siem');

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/siem\s+2\s+0\s+2\s+0\s+0/);
    expect(result.stdout).toContain('1 record(s) left out by --output.');
    expect(result.stdout).toContain('siem: 2 x HTTP 400');
    const failed = readFileSync(failedPath, 'utf8').trim().split('\n');
    expect(failed).toHaveLength(2);
    expect(JSON.parse(failed[0])).toMatchObject({
      output: 'siem',
      reason: 'not_retryable',
      firstDeadLetter: {
        deadLetteredAt: '2026-12-05T07:01:00.000Z',
        reason: 'output_down',
        attempts: 3,
        lastError: 'HTTP 503',
      },
    });
    expect(failed[0]).toContain(`"evt.time":${EVT_TIME}`);
    expect(existsSync(files.archivePath)).toBe(false);
  });

  it('reports records it could not redeliver', async () => {
    receiver = await startReceiver(200);
    const files = setup(receiver.url, { strays: true });

    const result = await redeliver(files);

    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      '1 record(s) for output "removed-output", which the configuration does not have; skipped.',
    );
    // Records left behind must not be skipped by a later --since.
    expect(result.stdout).not.toContain('--since');
    expect(result.stdout).toContain('dead-letter.ndjson:5: invalid record, skipped: not JSON');
  });

  it('stops at the timeout', async () => {
    // A receiver that never responds, so the send runs into the webhook timeout.
    const hanging = createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const { port } = hanging.address() as AddressInfo;
    receiver = { url: `http://127.0.0.1:${port}/hook`, bodies: [], server: hanging };
    const files = setup(receiver.url, { siemRecords: 6 });
    writeFileSync(
      files.configPath,
      readFileSync(files.configPath, 'utf8').replace(
        'maxQueue: 2',
        'maxQueue: 2\n    timeoutMs: 1500',
      ),
    );
    const started = Date.now();

    const result = await redeliver(files, '--output', 'siem', '--timeout', '1');

    expect(Date.now() - started).toBeLessThan(4000);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/siem\s+6\s+0\s+0\s+6\s+0/);
    const failed = readFileSync(join(files.directory, 'failed.ndjson'), 'utf8').trim().split('\n');
    expect(failed).toHaveLength(6);
  }, 10_000);

  it('sets aside findings of a down output', async () => {
    receiver = await startReceiver(503);
    const files = setup(receiver.url, { siemRecords: 6 });
    writeFileSync(
      files.configPath,
      readFileSync(files.configPath, 'utf8').replace(
        'maxQueue: 2',
        'maxQueue: 2\n    circuit: { failureThreshold: 1, cooldownMs: 60000 }',
      ),
    );

    const result = await redeliver(files, '--timeout', '5');

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/siem\s+6\s+0\s+0\s+6\s+0/);
    // The healthy output is not held up by the one that is down.
    expect(result.stdout).toMatch(/archive\s+1\s+1\s+0\s+0\s+0/);
    expect(result.stdout).toContain('siem: 1 x HTTP 503');
    expect(result.stdout).toContain('because the output was failing');
    const failed = readFileSync(join(files.directory, 'failed.ndjson'), 'utf8');
    // Nothing was pushed into the full queue of the down output.
    expect(failed).not.toContain('queue_full');
  });

  it('rejects an output the configuration lacks', async () => {
    const files = setup('http://127.0.0.1:9/unused');

    const result = await redeliver(files, '--output', 'splunk');

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '--output splunk is not an output of the configuration; it has siem, archive',
    );
  });

  it('rejects an unknown reason', async () => {
    const files = setup('http://127.0.0.1:9/unused');

    const result = await redeliver(files, '--reason', 'output-down');

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '--reason output-down is not a dead-letter reason; use one of queue_full, not_retryable',
    );
  });

  it('rejects its failed file behind a link', async () => {
    const files = setup('http://127.0.0.1:9/unused');
    const link = join(files.directory, 'failed-link.ndjson');
    symlinkSync(files.deadLetterPath, link);

    const result = await run([
      'redeliver',
      '--config',
      files.configPath,
      '--failed',
      link,
      files.deadLetterPath,
    ]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is also an input file');
  });

  it('needs no ingest secrets', async () => {
    receiver = await startReceiver(200);
    const files = setup(receiver.url);
    writeFileSync(
      files.configPath,
      `auth:\n  tokens:\n    - name: falco\n      token: { env: UNSET_INGEST_TOKEN }\n${readFileSync(files.configPath, 'utf8')}`,
    );

    const result = await redeliver(files);

    expect(result.code).toBe(0);
    expect(receiver.bodies).toHaveLength(2);
  });

  it('rejects its own failed file as input', async () => {
    const files = setup('http://127.0.0.1:9/unused');

    const result = await run([
      'redeliver',
      '--config',
      files.configPath,
      '--failed',
      files.deadLetterPath,
      files.deadLetterPath,
    ]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is also an input file');
  });

  it('rejects a file without records', async () => {
    const files = setup('http://127.0.0.1:9/unused');
    writeFileSync(files.deadLetterPath, `${ALERT}\n${ALERT}\n`);

    const result = await redeliver(files);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'is a dead-letter record (each needs output, reason and finding)',
    );
    expect(result.stdout).toBe('');
  });

  it('names a missing file', async () => {
    const files = setup('http://127.0.0.1:9/unused');

    const result = await run(['redeliver', '--config', files.configPath, 'missing.ndjson']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot read missing.ndjson: it does not exist');
  });

  it('requires a configuration', async () => {
    const files = setup('http://127.0.0.1:9/unused');

    const result = await run(['redeliver', files.deadLetterPath]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--config is required');
    expect(result.stderr).toContain('Run "talaria dead-letter --help" for the options.');
  });
});

describe('talaria dead-letter summary', () => {
  it('counts records by output and reason', async () => {
    const files = setup('http://127.0.0.1:9/unused');

    const result = await run(['summary', files.deadLetterPath]);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '3 records in 1 file(s), dead-lettered from 2026-12-05T07:01:00.000Z to 2026-12-05T07:01:00.000Z',
    );
    expect(result.stdout).toMatch(/siem\s+output_down\s+2/);
    expect(result.stdout).toMatch(/archive\s+queue_full\s+1/);
    expect(result.stdout).toContain('Most common errors (1 of 1):');
    expect(result.stdout).toMatch(/3\s+HTTP 503/);
    expect(result.stdout).toContain('Rules with the most records (1 of 1):');
    expect(result.stdout).toMatch(/3\s+Terminal shell in container/);
  });

  it('counts why a redelivered finding first failed', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'talaria-dead-letter-'));
    const path = join(directory, 'failed.ndjson');
    const first = (reason: string, deadLetteredAt: string) => ({
      deadLetteredAt,
      reason,
      attempts: 3,
    });
    writeFileSync(
      path,
      formatDeadLetterLines([
        {
          ...record('siem', 'not_retryable'),
          firstDeadLetter: first('output_down', '2026-12-05T06:00:00.000Z'),
        },
        {
          ...record('siem', 'not_retryable'),
          firstDeadLetter: first('output_down', '2026-12-05T06:30:00.000Z'),
        },
        {
          ...record('siem', 'drain_ended'),
          firstDeadLetter: first('queue_full', '2026-12-05T05:00:00.000Z'),
        },
        record('siem', 'output_down'),
      ]),
    );

    const result = await run(['summary', path]);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '3 record(s) come from a redelivery. Why their output first gave up, the earliest at 2026-12-05T05:00:00.000Z:',
    );
    expect(result.stdout).toMatch(/2\s+output_down\n\s+1\s+queue_full/);
  });

  it('reports invalid lines with status 1', async () => {
    const files = setup('http://127.0.0.1:9/unused', { strays: true });

    const result = await run(['summary', files.deadLetterPath]);

    expect(result.code).toBe(1);
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
