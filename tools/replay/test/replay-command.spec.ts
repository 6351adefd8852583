import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPLAY_HELP, runReplayCommand } from '../src/cli/replay-command';
import { closedPortUrl, LocalForwarder } from './local-forwarder';

const ALERTS = [
  '{"output_fields":{"evt.time":1741680842513287004},"priority":"Notice","rule":"Terminal shell in container","time":"2025-03-11T08:14:02.513287004Z"}',
  '{"output_fields":{},"priority":"Urgent","rule":"Unknown priority","time":"2025-03-11T08:14:03.000000000Z"}',
];

/** Captures what the command writes. */
function captureIo() {
  const io = { out: '', err: '' };
  return {
    io,
    streams: {
      stdout: { write: (text: string) => (io.out += text) },
      stderr: { write: (text: string) => (io.err += text) },
    },
  };
}

describe('runReplayCommand', () => {
  let directory: string;
  let corpus: string;
  let forwarder: LocalForwarder | undefined;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'talaria-replay-'));
    corpus = join(directory, 'alerts.ndjson');
    writeFileSync(corpus, `${ALERTS.join('\n')}\n`);
  });

  afterEach(async () => {
    await forwarder?.stop();
    forwarder = undefined;
    rmSync(directory, { recursive: true, force: true });
  });

  it('prints help for each option', async () => {
    const { io, streams } = captureIo();

    expect(await runReplayCommand(['--help'], streams)).toBe(0);

    expect(io.out).toBe(REPLAY_HELP);
    for (const option of [
      '--url',
      '--rate',
      '--concurrency',
      '--mode',
      '--batch-size',
      '--gzip',
      '--header',
      '--token',
      '--repeat',
      '--duration',
      '--timeout',
      '--json',
    ]) {
      expect(io.out).toContain(option);
    }
    expect(io.out).toContain('(default: http://127.0.0.1:2801/)');
    expect(io.out).toContain('requests per second');
    expect(io.out).toContain('in milliseconds');
  });

  it('replays a file and prints a summary', async () => {
    forwarder = await LocalForwarder.start((request) =>
      request.body.includes('Urgent')
        ? {
            status: 400,
            body: '{"error":"unknown priority \\"Urgent\\"","reason":"invalid_priority"}',
          }
        : { status: 200, body: '{"accepted":1,"rejected":[]}' },
    );
    const { io, streams } = captureIo();

    const status = await runReplayCommand([corpus, '--url', forwarder.url], streams);

    expect(status).toBe(0);
    expect(forwarder.requests.map((request) => request.body)).toEqual(ALERTS);
    expect(io.out).toContain(`Replayed 2 alerts in 2 requests (single) to ${forwarder.url}`);
    expect(io.out).toContain('responses         2 (200: 1, 400: 1)');
    expect(io.out).toContain('accepted alerts   1');
    expect(io.out).toContain('rejected alerts   1');
    expect(io.out).toContain('alert 2: 400 invalid_priority: unknown priority "Urgent"');
    expect(io.err).toBe('');
  });

  it('sends token, headers, gzip and batches', async () => {
    forwarder = await LocalForwarder.start();
    const { streams } = captureIo();

    const status = await runReplayCommand(
      [
        corpus,
        '--url',
        forwarder.url,
        '--token',
        'ingest-token',
        '--header',
        'X-Cluster: prod-eu-west-1',
        '--gzip',
        '--mode',
        'ndjson',
        '--batch-size',
        '2',
        '--repeat',
        '2',
      ],
      streams,
    );

    expect(status).toBe(0);
    expect(forwarder.requests).toHaveLength(2);
    const [first] = forwarder.requests;
    expect(first.headers.authorization).toBe('Bearer ingest-token');
    expect(first.headers['x-cluster']).toBe('prod-eu-west-1');
    expect(first.headers['content-encoding']).toBe('gzip');
    expect(first.body).toBe(`${ALERTS[0]}\n${ALERTS[1]}\n`);
  });

  it('prints the report as JSON', async () => {
    forwarder = await LocalForwarder.start();
    const { io, streams } = captureIo();

    expect(await runReplayCommand([corpus, '--url', forwarder.url, '--json'], streams)).toBe(0);

    const report = JSON.parse(io.out);
    expect(report).toMatchObject({
      sent: 2,
      alertsSent: 2,
      responses: 2,
      statusCounts: { '200': 2 },
      mode: 'single',
    });
    expect(report.latencyMs).toEqual(
      expect.objectContaining({ p50: expect.any(Number), p99: expect.any(Number) }),
    );
  });

  it('fails clearly when the forwarder is unreachable', async () => {
    const url = await closedPortUrl();
    const { io, streams } = captureIo();

    const status = await runReplayCommand([corpus, '--url', url], streams);

    expect(status).toBe(1);
    expect(io.err).toContain(`Could not reach the forwarder at ${url}: ECONNREFUSED`);
    expect(io.err).toContain(
      'Check that the forwarder is running and listening there, or pass --url.',
    );
    expect(io.out).toContain('transport errors  2 (ECONNREFUSED: 2)');
  });

  it.each([
    [['--rate=-1'], 'Invalid --rate "-1": use a number, 0 or more.'],
    [['--rate', '-1'], "Option '--rate' argument is ambiguous"],
    [['--concurrency', '0'], 'Invalid --concurrency "0": use a whole number, 1 or more.'],
    [['--batch-size', 'ten'], 'Invalid --batch-size "ten"'],
    [['--mode', 'xml'], 'Invalid --mode "xml": use single, array, ndjson.'],
    [['--header', 'no-colon'], 'Invalid --header "no-colon": use "Name: value"'],
    [
      ['--token', 't', '--header', 'Authorization: Basic x'],
      'Both --token and an Authorization --header were given',
    ],
    [['--url', 'ftp://127.0.0.1/'], 'Unsupported URL scheme "ftp:"'],
    [['--bogus'], "Unknown option '--bogus'"],
  ])('rejects %p', async (options, message) => {
    const { io, streams } = captureIo();

    expect(await runReplayCommand([corpus, ...options], streams)).toBe(2);

    expect(io.err).toContain(message);
    expect(io.err).toContain('Run "talaria replay --help" for the options.');
  });

  it('rejects a missing corpus file', async () => {
    const { io, streams } = captureIo();
    const missing = join(directory, 'absent.ndjson');

    expect(await runReplayCommand([missing], streams)).toBe(2);
    expect(io.err).toContain(`Cannot read corpus file ${missing} (ENOENT)`);
  });

  it('requires a corpus file', async () => {
    const { io, streams } = captureIo();

    expect(await runReplayCommand([], streams)).toBe(2);
    expect(io.err).toContain('Missing corpus files');
  });
});
