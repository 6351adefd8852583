import { gzipSync } from 'node:zlib';

import {
  DEFAULT_HEC_TEST_TOKEN,
  startSplunkHecServer,
  type SplunkHecServer,
} from './splunk-hec-server';
import { splitJsonObjects } from './split-json-objects';

const CHANNEL = '0b8c2f4e-9d1a-4c7b-8e3f-5a6d7c8b9e0f';

function post(
  server: SplunkHecServer,
  body: string | Buffer,
  headers: Record<string, string> = {},
  path = '/services/collector/event',
): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Splunk ${DEFAULT_HEC_TEST_TOKEN}`, ...headers },
    body,
  });
}

describe('splitJsonObjects', () => {
  it('splits concatenated objects with or without whitespace', () => {
    expect(splitJsonObjects('{"event":1}{"event":"}{"}\n {"event":{"a":[1,{}]}}')).toEqual({
      objects: ['{"event":1}', '{"event":"}{"}', '{"event":{"a":[1,{}]}}'],
    });
  });

  it('names the first broken object', () => {
    expect(splitJsonObjects('{"event":1}[1]')).toEqual({ objects: ['{"event":1}'], invalidAt: 1 });
    expect(splitJsonObjects('{"event":1}{"event":"x\\"}')).toEqual({
      objects: ['{"event":1}'],
      invalidAt: 1,
    });
  });
});

describe('startSplunkHecServer', () => {
  let server: SplunkHecServer;

  beforeEach(async () => {
    server = await startSplunkHecServer({ indexes: ['security', 'main'] });
  });

  afterEach(async () => {
    await server.close();
  });

  it('indexes concatenated events', async () => {
    const response = await post(
      server,
      '{"time":1741691142.190780465,"event":{"n":1741691142190780465}}{"event":"two","index":"security"}',
    );

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ text: 'Success', code: 0 });
    expect(server.events.map((event) => event.raw)).toEqual([
      '{"time":1741691142.190780465,"event":{"n":1741691142190780465}}',
      '{"event":"two","index":"security"}',
    ]);
    expect(server.events[1].value).toEqual({ event: 'two', index: 'security' });
  });

  it('reads gzip bodies', async () => {
    const response = await post(server, gzipSync('{"event":"zipped"}'), {
      'content-encoding': 'gzip',
    });

    expect(response.status).toBe(200);
    expect(server.events[0].value).toEqual({ event: 'zipped' });
  });

  it.each([
    ['no token', {}, 401, { text: 'Token is required', code: 2 }],
    [
      'a bearer token',
      { authorization: 'Bearer abc' },
      401,
      { text: 'Invalid authorization', code: 3 },
    ],
    ['an unknown token', { authorization: 'Splunk nope' }, 403, { text: 'Invalid token', code: 4 }],
  ])('rejects %s', async (_case, headers, status, body) => {
    const response = await fetch(`${server.url}/services/collector/event`, {
      method: 'POST',
      headers: headers as Record<string, string>,
      body: '{"event":"x"}',
    });

    expect(response.status).toBe(status);
    expect(await response.json()).toEqual(body);
    expect(server.events).toHaveLength(0);
  });

  it('rejects a disabled token', async () => {
    const disabled = await startSplunkHecServer({ disabledTokens: ['off'] });
    try {
      const response = await fetch(`${disabled.url}/services/collector/event`, {
        method: 'POST',
        headers: { authorization: 'Splunk off' },
        body: '{"event":"x"}',
      });

      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ text: 'Token disabled', code: 1 });
    } finally {
      await disabled.close();
    }
  });

  it('rejects an index outside the allowed list and keeps the events before it', async () => {
    const response = await post(
      server,
      '{"event":1,"index":"main"}{"event":2,"index":"secret"}{"event":3}',
    );

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      text: 'Incorrect index',
      code: 7,
      'invalid-event-number': 1,
    });
    expect(server.events.map((event) => event.value.event)).toEqual([1]);
  });

  it.each([
    ['an empty body', '', { text: 'No data', code: 5 }],
    [
      'broken JSON',
      '{"event":1}{"event":',
      { text: 'Invalid data format', code: 6, 'invalid-event-number': 1 },
    ],
    [
      'an event without event',
      '{"time":1}',
      { text: 'Event field is required', code: 12, 'invalid-event-number': 0 },
    ],
    [
      'a blank event',
      '{"event":""}',
      { text: 'Event field cannot be blank', code: 13, 'invalid-event-number': 0 },
    ],
  ])('rejects %s', async (_case, body, expected) => {
    const response = await post(server, body);

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(expected);
  });

  it('fails a scripted event number', async () => {
    server.rejectEventNext(2);

    const failed = await post(server, '{"event":0}{"event":1}{"event":2}{"event":3}');
    const next = await post(server, '{"event":2}{"event":3}');

    expect(failed.status).toBe(400);
    expect(await failed.json()).toEqual({
      text: 'Invalid data format',
      code: 6,
      'invalid-event-number': 2,
    });
    expect(next.status).toBe(200);
    expect(server.events.map((event) => event.value.event)).toEqual([0, 1, 2, 3]);
  });

  it('plays busy replies with Retry-After', async () => {
    server.busyNext(2, 4);

    const first = await post(server, '{"event":1}');
    const second = await post(server, '{"event":1}');
    const third = await post(server, '{"event":1}');

    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('4');
    expect(await first.json()).toEqual({ text: 'Server is busy', code: 9 });
    expect(second.status).toBe(503);
    expect(third.status).toBe(200);
    expect(server.events).toHaveLength(1);
  });

  it('answers the health endpoint and unknown paths', async () => {
    const health = await fetch(`${server.url}/services/collector/health`);
    const unknown = await post(server, '{}', {}, '/services/other');

    expect(await health.json()).toEqual({ text: 'HEC is healthy', code: 17 });
    expect(unknown.status).toBe(404);
  });

  it('says that acknowledgement is off', async () => {
    const response = await post(
      server,
      '{"acks":[0]}',
      { 'x-splunk-request-channel': CHANNEL },
      '/services/collector/ack',
    );

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ text: 'ACK is disabled', code: 14 });
  });
});

describe('startSplunkHecServer with acknowledgement', () => {
  let server: SplunkHecServer;

  beforeEach(async () => {
    server = await startSplunkHecServer({ ack: true });
  });

  afterEach(async () => {
    await server.close();
  });

  it('requires a channel', async () => {
    const missing = await post(server, '{"event":1}');
    const invalid = await post(server, '{"event":1}', { 'x-splunk-request-channel': 'not-a-guid' });

    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ text: 'Data channel is missing', code: 10 });
    expect(await invalid.json()).toEqual({ text: 'Invalid data channel', code: 11 });
    expect(server.events).toHaveLength(0);
  });

  it('assigns ackIds per channel and reports each once', async () => {
    const other = '1b8c2f4e-9d1a-4c7b-8e3f-5a6d7c8b9e0f';
    const first = await (
      await post(server, '{"event":1}', { 'x-splunk-request-channel': CHANNEL })
    ).json();
    const second = await (
      await post(server, '{"event":2}', { 'x-splunk-request-channel': CHANNEL })
    ).json();
    const elsewhere = await (
      await post(server, '{"event":3}', { 'x-splunk-request-channel': other })
    ).json();

    const query = (ids: number[]) =>
      post(
        server,
        JSON.stringify({ acks: ids }),
        { 'x-splunk-request-channel': CHANNEL },
        '/services/collector/ack',
      );
    const acks = await (await query([0, 1, 7])).json();
    const again = await (await query([0])).json();

    expect([first.ackId, second.ackId, elsewhere.ackId]).toEqual([0, 1, 0]);
    expect(first).toEqual({ text: 'Success', code: 0, ackId: 0 });
    expect(acks).toEqual({ acks: { '0': true, '1': true, '7': false } });
    expect(again).toEqual({ acks: { '0': false } });
    expect(server.ackQueries).toEqual([[0, 1, 7], [0]]);
    expect(server.events.map((event) => event.ackId)).toEqual([0, 1, 0]);
  });

  it('holds acknowledgements until released', async () => {
    await post(server, '{"event":1}', { 'x-splunk-request-channel': CHANNEL });
    server.holdAcks();
    const query = () =>
      post(
        server,
        '{"acks":[0]}',
        { 'x-splunk-request-channel': CHANNEL },
        '/services/collector/ack',
      );

    const withheld = await (await query()).json();
    server.releaseAcks();
    const released = await (await query()).json();

    expect(withheld).toEqual({ acks: { '0': false } });
    expect(released).toEqual({ acks: { '0': true } });
  });

  it('waits for events', async () => {
    const waiting = server.waitForEvents(2, 2000);
    await post(server, '{"event":1}{"event":2}', { 'x-splunk-request-channel': CHANNEL });

    expect((await waiting).map((event) => event.value.event)).toEqual([1, 2]);
    await expect(server.waitForEvents(3, 50)).rejects.toThrow(
      'expected 3 events within 50 ms; indexed 2',
    );
  });
});
