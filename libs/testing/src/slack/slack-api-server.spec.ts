import {
  DEFAULT_SLACK_TEST_TOKEN,
  startSlackApiServer,
  type SlackApiServer,
} from './slack-api-server';

async function callForm(
  server: SlackApiServer,
  method: string,
  args: Record<string, string>,
  token: string | null = DEFAULT_SLACK_TEST_TOKEN,
): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  return fetch(`${server.apiUrl}${method}`, {
    method: 'POST',
    headers,
    body: new URLSearchParams(args).toString(),
  });
}

describe('startSlackApiServer', () => {
  let server: SlackApiServer;

  beforeEach(async () => {
    server = await startSlackApiServer();
  });

  afterEach(async () => {
    await server.close();
  });

  it('posts a message and returns its ts', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*hi*' } }];
    const response = await callForm(server, 'chat.postMessage', {
      channel: '#security',
      text: 'fallback',
      blocks: JSON.stringify(blocks),
    });
    const body = await response.json();

    expect(response.status).toBe(200);
    expect(body).toMatchObject({ ok: true, channel: server.channelId('#security') });
    expect(body.ts).toMatch(/^\d+\.\d{6}$/);
    expect(server.messages).toHaveLength(1);
    expect(server.messages[0]).toMatchObject({ text: 'fallback', blocks, ts: body.ts });
    expect(server.calls[0]).toMatchObject({
      method: 'chat.postMessage',
      token: DEFAULT_SLACK_TEST_TOKEN,
      args: { channel: '#security', text: 'fallback', blocks },
    });
    expect(server.calls[0].request.headers.authorization).toBe(
      `Bearer ${DEFAULT_SLACK_TEST_TOKEN}`,
    );
  });

  it('accepts JSON bodies', async () => {
    const response = await fetch(`${server.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        authorization: `Bearer ${DEFAULT_SLACK_TEST_TOKEN}`,
      },
      body: JSON.stringify({ channel: 'C0123456789', text: 'json' }),
    });

    expect(await response.json()).toMatchObject({ ok: true, channel: 'C0123456789' });
  });

  it('gives each message a new ts', async () => {
    const first = await (
      await callForm(server, 'chat.postMessage', { channel: '#a', text: '1' })
    ).json();
    const second = await (
      await callForm(server, 'chat.postMessage', { channel: '#a', text: '2' })
    ).json();

    expect(second.ts).not.toBe(first.ts);
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
  });

  it('threads replies and updates messages', async () => {
    const parent = await (
      await callForm(server, 'chat.postMessage', { channel: '#a', text: 'first' })
    ).json();
    const reply = await (
      await callForm(server, 'chat.postMessage', {
        channel: '#a',
        text: 'again',
        thread_ts: parent.ts,
      })
    ).json();
    const update = await (
      await callForm(server, 'chat.update', {
        channel: parent.channel,
        ts: parent.ts,
        text: 'edited',
      })
    ).json();

    expect(reply.ok).toBe(true);
    expect(server.messages[1].threadTs).toBe(parent.ts);
    expect(update).toMatchObject({ ok: true, ts: parent.ts, text: 'edited' });
    expect(server.messages[0]).toMatchObject({ text: 'edited', updates: 1 });
  });

  it.each([
    ['a missing token', null, 'not_authed'],
    ['an unknown token', 'xoxb-wrong', 'invalid_auth'],
  ])('rejects %s', async (_case, token, error) => {
    const response = await callForm(
      server,
      'chat.postMessage',
      { channel: '#a', text: 'x' },
      token,
    );

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: false, error });
    expect(server.messages).toHaveLength(0);
  });

  it('rejects unknown channels when channels are listed', async () => {
    const listed = await startSlackApiServer({ channels: ['#known'] });
    try {
      const unknown = await (
        await callForm(listed, 'chat.postMessage', { channel: '#other', text: 'x' })
      ).json();
      const known = await (
        await callForm(listed, 'chat.postMessage', { channel: '#known', text: 'x' })
      ).json();

      expect(unknown).toEqual({ ok: false, error: 'channel_not_found' });
      expect(known.ok).toBe(true);
    } finally {
      await listed.close();
    }
  });

  it('checks message content', async () => {
    const noText = await (await callForm(server, 'chat.postMessage', { channel: '#a' })).json();
    const tooLong = await (
      await callForm(server, 'chat.postMessage', { channel: '#a', text: 'x'.repeat(40_001) })
    ).json();
    const badThread = await (
      await callForm(server, 'chat.postMessage', {
        channel: '#a',
        text: 'x',
        thread_ts: '1.000001',
      })
    ).json();
    const missingMessage = await (
      await callForm(server, 'chat.update', { channel: '#a', ts: '1.000001', text: 'x' })
    ).json();

    expect(noText).toEqual({ ok: false, error: 'no_text' });
    expect(tooLong).toEqual({ ok: false, error: 'msg_too_long' });
    expect(badThread).toEqual({ ok: false, error: 'thread_not_found' });
    expect(missingMessage).toEqual({ ok: false, error: 'message_not_found' });
  });

  it('enforces Block Kit limits', async () => {
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } },
      { type: 'section', text: { type: 'mrkdwn', text: 's'.repeat(3001) } },
      {
        type: 'section',
        fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })),
      },
      { type: 'section', fields: [{ type: 'mrkdwn', text: 'f'.repeat(2001) }] },
    ];
    const body = await (
      await callForm(server, 'chat.postMessage', {
        channel: '#a',
        text: 'x',
        blocks: JSON.stringify(blocks),
      })
    ).json();

    expect(body.ok).toBe(false);
    expect(body.error).toBe('invalid_blocks');
    expect(body.errors).toEqual([
      'must be at most 150 characters [json-pointer:/blocks/0/text/text]',
      'must be at most 3000 characters [json-pointer:/blocks/1/text/text]',
      'no more than 10 items allowed [json-pointer:/blocks/2/fields]',
      'must be at most 2000 characters [json-pointer:/blocks/3/fields/0/text]',
    ]);
  });

  it('rejects more than 50 blocks', async () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    const body = await (
      await callForm(server, 'chat.postMessage', {
        channel: '#a',
        text: 'x',
        blocks: JSON.stringify(blocks),
      })
    ).json();

    expect(body).toMatchObject({
      ok: false,
      error: 'invalid_blocks',
      errors: ['no more than 50 items allowed [json-pointer:/blocks]'],
    });
  });

  it('plays a rate limit with Retry-After', async () => {
    server.rateLimitNext(3, 1, 'chat.postMessage');

    const limited = await callForm(server, 'chat.postMessage', { channel: '#a', text: 'x' });
    const next = await callForm(server, 'chat.postMessage', { channel: '#a', text: 'x' });

    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(await limited.json()).toEqual({ ok: false, error: 'rate_limited' });
    expect(next.status).toBe(200);
    expect(server.messages).toHaveLength(1);
  });

  it('plays scripted errors for one method only', async () => {
    server.failNext('channel_not_found', 1, { method: 'chat.update' });
    server.failNext('internal_error', 1, { status: 500 });

    const auth = await callForm(server, 'auth.test', {});
    const update = await callForm(server, 'chat.update', { channel: '#a', ts: '1', text: 'x' });

    expect(auth.status).toBe(500);
    expect(await auth.json()).toEqual({ ok: false, error: 'internal_error' });
    expect(await update.json()).toEqual({ ok: false, error: 'channel_not_found' });
  });

  it('answers unknown methods', async () => {
    expect(await (await callForm(server, 'chat.unknownThing', {})).json()).toEqual({
      ok: false,
      error: 'unknown_method',
    });
  });

  it('waits for calls of one method', async () => {
    const waiting = server.waitForCalls('chat.postMessage', 2, 2000);
    await callForm(server, 'auth.test', {});
    await callForm(server, 'chat.postMessage', { channel: '#a', text: '1' });
    await callForm(server, 'chat.postMessage', { channel: '#a', text: '2' });

    const calls = await waiting;

    expect(calls.map((call) => call.args.text)).toEqual(['1', '2']);
    await expect(server.waitForCalls('chat.update', 1, 50)).rejects.toThrow(
      'expected 1 chat.update calls within 50 ms; received 0',
    );
  });
});
