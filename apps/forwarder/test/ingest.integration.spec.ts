import { Agent } from 'node:http';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { startAgentPost } from './support/agent-post';
import { syscallAlert } from './support/alerts';
import {
  TEST_TOKEN,
  counterValue,
  eventually,
  startTestForwarder,
  type TestForwarder,
} from './support/test-forwarder';

// Real forwarder on a random loopback port, real HTTP, real spool and NDJSON output files.
describe('forwarder ingest over HTTP', () => {
  let forwarder: TestForwarder;

  beforeAll(async () => {
    forwarder = await startTestForwarder();
  });

  afterAll(async () => {
    await forwarder.stop();
  });

  it('accepts one alert per POST and writes a stamped finding', async () => {
    const evtTime = '1733318400987654321';
    const response = await forwarder.post(syscallAlert({ evtTime, pod: 'single-post-pod' }));

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: 1, rejected: [] });
    await eventually(
      () => forwarder.readOutput().some((line) => line.includes('single-post-pod')),
      'finding written',
    );

    const line = forwarder.readOutput().find((text) => text.includes('single-post-pod')) as string;
    const finding = JSON.parse(line);
    expect(finding.schema).toBe('talaria.finding/v1');
    expect(finding.cluster).toBe('prod-eu-1');
    expect(finding.region).toBe('eu-west-1');
    expect(finding.priority).toBe('Notice');
    expect(finding.workload.namespace).toBe('payments');
    expect(line).toContain(`"evt.time":${evtTime}`);
  });

  it('accepts the falcosidekick address, the versioned path and URL tokens', async () => {
    const noAuth = { authorization: '' };
    const paths = [
      '/v1/alerts',
      `/t/${TEST_TOKEN}`,
      `/v1/alerts/${TEST_TOKEN}`,
      `/?token=${TEST_TOKEN}`,
    ];

    for (const path of paths) {
      const headers = path.includes(TEST_TOKEN) ? noAuth : {};
      const response = await forwarder.post(syscallAlert(), headers, path);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
    }
  });

  it('accepts a mixed JSON array and lists the rejected alerts by index', async () => {
    const body = `[${syscallAlert({ pod: 'array-pod-a' })},{"rule":"x","priority":"Urgent","time":"2024-12-04T13:20:00Z"},${syscallAlert({ pod: 'array-pod-b' })}]`;
    const response = await forwarder.post(body);
    const reply = await response.json();

    expect(response.status).toBe(200);
    expect(reply.accepted).toBe(2);
    expect(reply.rejected).toHaveLength(1);
    expect(reply.rejected[0].index).toBe(1);
    expect(reply.rejected[0].problems[0].message).toContain('Urgent');
    await eventually(
      () => forwarder.readOutput().some((line) => line.includes('array-pod-b')),
      'array alerts written',
    );
  });

  it('accepts NDJSON batches and gzip bodies', async () => {
    const ndjson = `${syscallAlert({ pod: 'ndjson-pod-a' })}\n\n${syscallAlert({ pod: 'ndjson-pod-b' })}\n`;
    const ndjsonResponse = await forwarder.post(ndjson, { 'content-type': 'application/x-ndjson' });
    expect(await ndjsonResponse.json()).toEqual({ accepted: 2, rejected: [] });

    const gzipped = gzipSync(Buffer.from(syscallAlert({ pod: 'gzip-pod' })));
    const gzipResponse = await forwarder.post(gzipped, { 'content-encoding': 'gzip' });
    expect(gzipResponse.status).toBe(200);

    await eventually(
      () => forwarder.readOutput().some((line) => line.includes('gzip-pod')),
      'gzip alert written',
    );
    expect(forwarder.readOutput().some((line) => line.includes('ndjson-pod-b'))).toBe(true);
  });

  it('rejects requests without a valid credential and keeps the token out of logs', async () => {
    const missing = await forwarder.post(syscallAlert(), { authorization: '' });
    const wrongBearer = await forwarder.post(syscallAlert(), { authorization: 'Bearer nope' });
    const wrongUrlToken = await forwarder.post(
      syscallAlert(),
      { authorization: '' },
      '/t/guessed-token-value',
    );

    expect(missing.status).toBe(401);
    expect(wrongBearer.status).toBe(401);
    expect(wrongUrlToken.status).toBe(401);
    expect((await missing.json()).reason).toBe('unauthorized');
    expect(forwarder.logLines.join('\n')).not.toContain('guessed-token-value');
    expect(forwarder.logLines.join('\n')).not.toContain(TEST_TOKEN);
  });

  it('checks tokens on kept-alive connections', async () => {
    // One socket for all three requests: a valid token must not vouch for the next one.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const postOnAgent = async (token: string) => {
      const { request, reply } = startAgentPost(`${forwarder.url}/v1/alerts`, agent, token);
      request.end(syscallAlert({ pod: 'kept-alive-pod' }));
      return reply;
    };

    try {
      const replies = [
        await postOnAgent(TEST_TOKEN),
        await postOnAgent('not-the-token'),
        await postOnAgent(TEST_TOKEN),
      ];
      expect(replies.map((reply) => reply.status)).toEqual([200, 401, 200]);
      expect(new Set(replies.map((reply) => reply.localPort)).size).toBe(1);
    } finally {
      agent.destroy();
    }
  });

  it('returns 404 for other routes', async () => {
    const get = await fetch(`${forwarder.url}/v1/alerts`);
    const deeper = await forwarder.post(syscallAlert(), {}, '/t/a/b');

    expect(get.status).toBe(404);
    expect(deeper.status).toBe(404);
  });

  it.each([
    ['invalid JSON', '{"rule": ', {}, 400, 'invalid_json'],
    [
      'a missing rule',
      '{"priority":"Notice","time":"2024-12-04T13:20:00Z"}',
      {},
      400,
      'invalid_alert',
    ],
    [
      'a wrong type',
      '{"rule":42,"priority":"Notice","time":"2024-12-04T13:20:00Z"}',
      {},
      400,
      'invalid_alert',
    ],
    [
      'an unknown priority',
      '{"rule":"r","priority":"Urgent","time":"2024-12-04T13:20:00Z"}',
      {},
      400,
      'invalid_alert',
    ],
    [
      'a __proto__ key',
      '{"rule":"r","priority":"Notice","time":"2024-12-04T13:20:00Z","output_fields":{"__proto__":{"x":1}}}',
      {},
      400,
      'invalid_alert',
    ],
    [
      'a form content type',
      syscallAlert(),
      { 'content-type': 'application/x-www-form-urlencoded' },
      415,
      'unsupported_media_type',
    ],
    [
      'an unknown encoding',
      syscallAlert(),
      { 'content-encoding': 'br' },
      415,
      'unsupported_encoding',
    ],
    [
      'a broken gzip stream',
      'not gzip at all',
      { 'content-encoding': 'gzip' },
      400,
      'invalid_gzip',
    ],
    ['an empty body', '', {}, 400, 'empty_body'],
    ['an empty array', ' [ ] ', {}, 400, 'empty_body'],
    ['an array of non-objects', '[1, "two", null]', {}, 400, 'invalid_alert'],
    ['a JSON string', '"just text"', {}, 400, 'invalid_alert'],
    ['too many alerts in a batch', `[${'{},'.repeat(10_000)}{}]`, {}, 413, 'batch_too_large'],
  ])('rejects %s with a clear reason', async (_case, body, headers, status, reason) => {
    const response = await forwarder.post(body as string, headers as Record<string, string>);
    const reply = await response.json();

    expect(response.status).toBe(status);
    expect(reply.reason).toBe(reason);
    expect(typeof reply.error).toBe('string');
    expect(reply.error.length).toBeGreaterThan(10);
  });

  it('counts truncated request bodies', async () => {
    const { port } = new URL(forwarder.url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));

    socket.write(
      'POST /v1/alerts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
        `Authorization: Bearer ${TEST_TOKEN}\r\nContent-Length: 1000\r\n\r\n{"rule":"cut`,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.destroy();

    await eventually(
      async () =>
        counterValue(await forwarder.metricsText(), 'talaria_ingest_requests_rejected_total', {
          reason: 'incomplete_body',
        }) >= 1,
      'incomplete body counted',
    );
  });

  it('rejects invalid UTF-8 and counts it', async () => {
    const body = Buffer.concat([
      Buffer.from('{"rule":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('","priority":"Notice","time":"2024-12-04T13:20:00Z"}'),
    ]);
    const response = await forwarder.post(body);

    expect(response.status).toBe(400);
    expect((await response.json()).reason).toBe('invalid_utf8');
    expect(
      counterValue(await forwarder.metricsText(), 'talaria_ingest_requests_rejected_total', {
        reason: 'invalid_utf8',
      }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('rejects a body over the limit with 413 naming the limit', async () => {
    const huge = `{"rule":"r","priority":"Notice","time":"2024-12-04T13:20:00Z","output":"${'x'.repeat(5 * 1024 * 1024)}"}`;
    const response = await forwarder.post(huge);
    const reply = await response.json();

    expect(response.status).toBe(413);
    expect(reply.reason).toBe('body_too_large');
    expect(reply.error).toContain(String(forwarder.runtime.config.ingest.maxBodyBytes));
  });

  it('rejects a gzip bomb by its decoded size', async () => {
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20));
    const response = await forwarder.post(bomb, { 'content-encoding': 'gzip' });

    expect(response.status).toBe(413);
  });

  it('keeps serving after bad requests and counts alerts by reason', async () => {
    const response = await forwarder.post(syscallAlert({ pod: 'after-bad-requests' }));
    expect(response.status).toBe(200);

    const metrics = await forwarder.metricsText();
    expect(
      counterValue(metrics, 'talaria_alerts_rejected_total', { reason: 'invalid_alert' }),
    ).toBeGreaterThanOrEqual(4);
    expect(
      counterValue(metrics, 'talaria_alerts_rejected_total', { reason: 'invalid_json' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      counterValue(metrics, 'talaria_ingest_requests_rejected_total', { reason: 'unauthorized' }),
    ).toBeGreaterThanOrEqual(3);
    expect(counterValue(metrics, 'talaria_alerts_accepted_total')).toBeGreaterThanOrEqual(8);
  });
});

describe('forwarder health, readiness and metrics endpoints', () => {
  let forwarder: TestForwarder;

  beforeAll(async () => {
    forwarder = await startTestForwarder();
  });

  afterAll(async () => {
    await forwarder.stop();
  });

  it('serves health and readiness without a credential', async () => {
    const health = await fetch(`${forwarder.url}/healthz`);
    const ready = await fetch(`${forwarder.url}/readyz`);

    expect(health.status).toBe(200);
    expect(ready.status).toBe(200);
    expect((await ready.json()).ready).toBe(true);
  });

  it('requires a bearer token for metrics', async () => {
    const anonymous = await fetch(`${forwarder.url}/metrics`);
    const authorised = await fetch(`${forwarder.url}/metrics`, {
      headers: { authorization: `Bearer ${TEST_TOKEN}` },
    });
    const text = await authorised.text();

    expect(anonymous.status).toBe(401);
    expect(authorised.status).toBe(200);
    expect(text).toContain('talaria_alerts_received_total');
    expect(text).toContain('talaria_end_to_end_latency_seconds');
    expect(text).toContain('talaria_output_queue_depth');
    expect(text).toContain('talaria_ready 1');
    expect(text).toContain('talaria_process_resident_memory_bytes');
    expect(text).not.toContain('talaria_process_process_');
  });

  it('logs its heap limit when it starts listening', () => {
    const listening = forwarder.logLines.find((line) => line.includes('forwarder listening'));
    const heapLimit = (JSON.parse(listening ?? '{}') as { heapLimitBytes?: number }).heapLimitBytes;

    expect(heapLimit).toBeGreaterThan(0);
  });

  it('suppresses alerts below minimum priority', async () => {
    const strict = await startTestForwarder((config) => {
      config.minPriority = 'Warning';
    });
    try {
      await strict.post(syscallAlert({ priority: 'Notice', pod: 'below-minimum' }));
      await strict.post(syscallAlert({ priority: 'Critical', pod: 'above-minimum' }));
      await eventually(
        () => strict.readOutput().some((line) => line.includes('above-minimum')),
        'critical alert delivered',
      );

      const metrics = await strict.metricsText();
      expect(strict.readOutput().some((line) => line.includes('below-minimum'))).toBe(false);
      expect(
        counterValue(metrics, 'talaria_pipeline_suppressed_total', { filter: 'min_priority' }),
      ).toBe(1);
    } finally {
      await strict.stop();
    }
  });
});

describe('forwarder cluster stamping and draining', () => {
  it('stamps the cluster and region of the credential that sent the alert', async () => {
    process.env.TALARIA_TEST_US_TOKEN = 'us-cluster-token-abcdef';
    const forwarder = await startTestForwarder((config) => {
      config.auth.tokens.push({
        name: 'prod-us',
        token: { env: 'TALARIA_TEST_US_TOKEN' },
        cluster: 'prod-us-east-1',
        region: 'us-east-1',
      });
    });

    try {
      await forwarder.post(syscallAlert({ pod: 'from-default-token' }));
      await forwarder.post(syscallAlert({ pod: 'from-us-token' }), {
        authorization: 'Bearer us-cluster-token-abcdef',
      });
      await eventually(() => forwarder.readOutput().length >= 2, 'both alerts written');

      const findings = forwarder.readOutput().map((line) => JSON.parse(line));
      const fromUs = findings.find((finding) => finding.workload.pod === 'from-us-token');
      const fromDefault = findings.find((finding) => finding.workload.pod === 'from-default-token');
      expect([fromUs.cluster, fromUs.region]).toEqual(['prod-us-east-1', 'us-east-1']);
      expect([fromDefault.cluster, fromDefault.region]).toEqual(['prod-eu-1', 'eu-west-1']);
    } finally {
      await forwarder.stop();
    }
  });

  it('accepts alerts during shutdown', async () => {
    const forwarder = await startTestForwarder();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });

    try {
      // The request is in flight when shutdown begins: headers sent, body not yet.
      const { request, reply } = startAgentPost(`${forwarder.url}/v1/alerts`, agent, TEST_TOKEN);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const stopped = forwarder.stop();
      request.end(syscallAlert({ pod: 'during-shutdown' }));

      const { status, connection } = await reply;
      expect(status).toBe(200);
      expect(connection).toBe('close');

      expect(await stopped).toEqual({ leftInSpool: 0 });
      expect(forwarder.readOutput().some((line) => line.includes('during-shutdown'))).toBe(true);
    } finally {
      agent.destroy();
      await forwarder.stop();
    }
  });

  it('reports not ready once draining begins', async () => {
    const forwarder = await startTestForwarder();

    try {
      forwarder.runtime.beginDraining();
      const ready = await fetch(`${forwarder.url}/readyz`);

      expect(ready.status).toBe(503);
      expect((await ready.json()).draining).toBe(true);
    } finally {
      await forwarder.stop();
    }
  });
});
