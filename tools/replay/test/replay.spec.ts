import { gunzipSync } from 'node:zlib';
import { replay } from '../src/replay';
import { ReplayError } from '../src/replay-error';
import { closedPortUrl, LocalForwarder, type ReceivedRequest } from './local-forwarder';

// Corpus lines with a 19-digit evt.time and one malformed line, which must all arrive byte for byte.
const ALERTS = [
  '{"output_fields":{"evt.time":1741680842513287004},"priority":"Notice","rule":"Terminal shell in container","time":"2025-03-11T08:14:02.513287004Z"}',
  '{"output_fields":{"evt.time":1741680843000000001},"priority":"Warning","rule":"Read sensitive file untrusted","time":"2025-03-11T08:14:03.000000001Z"}',
  '{"rule":"Truncated body","time":"2025-03-11T08:1',
  '{"output_fields":{"evt.time":1741680844999999999},"priority":"Critical","rule":"Drop and execute new binary in container","time":"2025-03-11T08:14:04.999999999Z"}',
  '{"output_fields":{},"priority":"info","rule":"Launch Privileged Container","time":"2025-03-11T08:14:05.000000000Z"}',
];

describe('replay', () => {
  let forwarder: LocalForwarder;

  afterEach(async () => {
    await forwarder?.stop();
  });

  it('posts one alert per request in single mode', async () => {
    forwarder = await LocalForwarder.start();

    const report = await replay({ url: forwarder.url, bodies: ALERTS });

    expect(forwarder.requests.map((request) => request.body)).toEqual(ALERTS);
    for (const request of forwarder.requests) {
      expect(request.method).toBe('POST');
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['content-encoding']).toBeUndefined();
    }
    expect(report.sent).toBe(5);
    expect(report.alertsSent).toBe(5);
    expect(report.statusCounts).toEqual({ '200': 5 });
  });

  it('keeps every digit of large integers', async () => {
    forwarder = await LocalForwarder.start();

    await replay({ url: forwarder.url, bodies: ALERTS });

    expect(forwarder.requests[0].body).toContain('"evt.time":1741680842513287004');
    expect(forwarder.requests[3].body).toContain('"evt.time":1741680844999999999');
  });

  it('posts JSON arrays in array mode', async () => {
    forwarder = await LocalForwarder.start(() => ({
      status: 200,
      body: '{"accepted":2,"rejected":[]}',
    }));

    const report = await replay({
      url: forwarder.url,
      bodies: ALERTS,
      mode: 'array',
      batchSize: 2,
    });

    expect(forwarder.requests.map((request) => request.body)).toEqual([
      `[${ALERTS[0]},${ALERTS[1]}]`,
      `[${ALERTS[2]},${ALERTS[3]}]`,
      `[${ALERTS[4]}]`,
    ]);
    expect(forwarder.requests[0].headers['content-type']).toBe('application/json');
    expect(report.sent).toBe(3);
    expect(report.alertsSent).toBe(5);
  });

  it('posts alert lines in ndjson mode', async () => {
    forwarder = await LocalForwarder.start();

    await replay({ url: forwarder.url, bodies: ALERTS, mode: 'ndjson', batchSize: 3 });

    expect(forwarder.requests.map((request) => request.body)).toEqual([
      `${ALERTS[0]}\n${ALERTS[1]}\n${ALERTS[2]}\n`,
      `${ALERTS[3]}\n${ALERTS[4]}\n`,
    ]);
    expect(forwarder.requests[0].headers['content-type']).toBe('application/x-ndjson');
  });

  it('compresses bodies with gzip', async () => {
    forwarder = await LocalForwarder.start();

    await replay({ url: forwarder.url, bodies: ALERTS.slice(0, 2), gzip: true });

    const [first] = forwarder.requests;
    expect(first.headers['content-encoding']).toBe('gzip');
    expect(first.raw.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(gunzipSync(first.raw).toString('utf8')).toBe(ALERTS[0]);
    expect(forwarder.requests.map((request) => request.body)).toEqual(ALERTS.slice(0, 2));
  });

  it('sends extra headers', async () => {
    forwarder = await LocalForwarder.start();

    await replay({
      url: forwarder.url,
      bodies: ALERTS.slice(0, 1),
      headers: { Authorization: 'Bearer ingest-token' },
    });

    expect(forwarder.requests[0].headers.authorization).toBe('Bearer ingest-token');
    expect(forwarder.requests[0].headers['user-agent']).toBe('talaria-replay');
  });

  it('reuses one connection by default', async () => {
    forwarder = await LocalForwarder.start();
    const bodies = Array.from({ length: 20 }, (_unused, index) => ALERTS[index % ALERTS.length]);

    const report = await replay({ url: forwarder.url, bodies });

    expect(report.responses).toBe(20);
    expect(forwarder.connections).toBe(1);
    expect(new Set(forwarder.requests.map((request) => request.connection))).toEqual(new Set([1]));
  });

  it('opens at most one connection per concurrency slot', async () => {
    forwarder = await LocalForwarder.start();
    const bodies = Array.from({ length: 30 }, (_unused, index) => ALERTS[index % ALERTS.length]);

    const report = await replay({ url: forwarder.url, bodies, concurrency: 3 });

    expect(report.responses).toBe(30);
    expect(forwarder.connections).toBeGreaterThanOrEqual(1);
    expect(forwarder.connections).toBeLessThanOrEqual(3);
  });

  it('repeats the corpus', async () => {
    forwarder = await LocalForwarder.start();

    const report = await replay({ url: forwarder.url, bodies: ALERTS.slice(0, 2), repeat: 3 });

    expect(report.sent).toBe(6);
    expect(forwarder.requests.map((request) => request.body)).toEqual([
      ...ALERTS.slice(0, 2),
      ...ALERTS.slice(0, 2),
      ...ALERTS.slice(0, 2),
    ]);
  });

  it('stops a timed replay at the deadline', async () => {
    forwarder = await LocalForwarder.start();

    const report = await replay({
      url: forwarder.url,
      bodies: ALERTS,
      durationSeconds: 0.2,
      rate: 50,
    });

    // Without the deadline the unlimited passes would never end.
    expect(report.sent).toBeGreaterThan(0);
    expect(report.sent).toBe(forwarder.requests.length);
  });

  it('reports the reasons of rejected single alerts', async () => {
    forwarder = await LocalForwarder.start(rejectBrokenAlerts);

    const report = await replay({ url: forwarder.url, bodies: ALERTS });

    expect(report.statusCounts).toEqual({ '200': 4, '400': 1 });
    expect(report.rejectedTotal).toBe(1);
    expect(report.rejected).toEqual([
      {
        bodyIndex: 2,
        alerts: 1,
        status: 400,
        code: 'invalid_json',
        reason: 'the body is not valid JSON: unexpected end at byte 46',
      },
    ]);
  });

  it('reports rejected items of an accepted batch', async () => {
    forwarder = await LocalForwarder.start(() => ({
      status: 200,
      body: JSON.stringify({
        accepted: 1,
        rejected: [
          {
            index: 1,
            reason: 'invalid_time',
            problems: [{ path: '/time', message: 'time is not RFC 3339' }],
          },
        ],
      }),
    }));

    const report = await replay({
      url: forwarder.url,
      bodies: ALERTS.slice(0, 4),
      mode: 'ndjson',
      batchSize: 2,
    });

    expect(report.acceptedTotal).toBe(2);
    expect(report.rejectedTotal).toBe(2);
    expect(report.rejected).toEqual([
      {
        bodyIndex: 1,
        alerts: 1,
        status: 200,
        code: 'invalid_time',
        reason: 'time is not RFC 3339',
      },
      {
        bodyIndex: 3,
        alerts: 1,
        status: 200,
        code: 'invalid_time',
        reason: 'time is not RFC 3339',
      },
    ]);
  });

  it('shows a plain-text error body as given', async () => {
    forwarder = await LocalForwarder.start(() => ({
      status: 502,
      body: 'Bad Gateway\n',
      contentType: 'text/plain',
    }));

    const report = await replay({
      url: forwarder.url,
      bodies: ALERTS.slice(0, 2),
      mode: 'array',
      batchSize: 2,
    });

    expect(report.rejected).toEqual([{ alerts: 2, status: 502, reason: 'Bad Gateway' }]);
    expect(report.rejectedTotal).toBe(2);
  });

  it('keeps at most the requested number of rejections', async () => {
    forwarder = await LocalForwarder.start(() => ({
      status: 401,
      body: '{"error":"authentication required","reason":"unauthorized"}',
    }));

    const report = await replay({ url: forwarder.url, bodies: ALERTS, maxRejectedKept: 2 });

    expect(report.rejectedTotal).toBe(5);
    expect(report.rejected).toHaveLength(2);
  });

  it('reports an unreachable forwarder', async () => {
    const url = await closedPortUrl();

    const report = await replay({ url, bodies: ALERTS, maxConsecutiveFailures: 3 });

    expect(report.responses).toBe(0);
    expect(report.transportErrors).toEqual({ ECONNREFUSED: 3 });
    expect(report.firstTransportError).toMatch(
      /^ECONNREFUSED: connect ECONNREFUSED 127\.0\.0\.1:\d+$/,
    );
    expect(report.stoppedEarly).toBe('3 requests in a row failed without a response');
    expect(report.latencyMs).toBeNull();
  });

  it('times out a request without a response', async () => {
    forwarder = await LocalForwarder.start(() => 'hang');

    const report = await replay({ url: forwarder.url, bodies: ALERTS.slice(0, 1), timeoutMs: 100 });

    expect(report.transportErrors).toEqual({ ETIMEDOUT: 1 });
    expect(report.responses).toBe(0);
  });

  it('summarises latency percentiles', async () => {
    forwarder = await LocalForwarder.start();

    const report = await replay({ url: forwarder.url, bodies: ALERTS });

    const latency = report.latencyMs!;
    expect(latency.p50).toBeGreaterThan(0);
    expect(latency.p50).toBeLessThanOrEqual(latency.p90);
    expect(latency.p90).toBeLessThanOrEqual(latency.p99);
    expect(latency.p99).toBeLessThanOrEqual(latency.max);
  });

  it('masks a token in the reported URL', async () => {
    forwarder = await LocalForwarder.start();

    const report = await replay({
      url: `${forwarder.url}t/secret-ingest-token`,
      bodies: ALERTS.slice(0, 1),
    });

    expect(forwarder.requests[0].url).toBe('/t/secret-ingest-token');
    expect(report.url).toBe(`${forwarder.url}t/***`);
  });

  it.each([
    [{ url: 'not a url' }, 'Invalid URL "not a url"'],
    [{ url: 'ftp://127.0.0.1/' }, 'Unsupported URL scheme "ftp:"'],
    [{ concurrency: 0 }, 'Invalid concurrency 0'],
    [{ batchSize: 1.5 }, 'Invalid batchSize 1.5'],
    [{ rate: -1 }, 'Invalid rate -1'],
    [{ repeat: 0 }, 'Invalid repeat 0'],
    [{ durationSeconds: 0 }, 'Invalid durationSeconds 0'],
    [{ mode: 'xml' as never }, 'Invalid mode "xml"'],
    [{ bodies: [] }, 'Nothing to send'],
  ])('rejects invalid options %p', async (override, message) => {
    const options = { url: 'http://127.0.0.1:9/', bodies: ALERTS, ...override };
    await expect(replay(options)).rejects.toThrow(ReplayError);
    await expect(replay(options)).rejects.toThrow(message);
  });
});

function rejectBrokenAlerts(request: ReceivedRequest) {
  try {
    JSON.parse(request.body);
    return { status: 200, body: '{"accepted":1,"rejected":[]}' };
  } catch {
    return {
      status: 400,
      body: '{"error":"the body is not valid JSON: unexpected end at byte 46","reason":"invalid_json"}',
    };
  }
}
