import type { Finding } from '@talaria/falco-event';
import {
  DEFAULT_SLACK_TEST_TOKEN,
  startSlackApiServer,
  type SlackApiCall,
  type SlackApiServer,
} from '@talaria/testing';
import { Registry } from 'prom-client';

import { buildSlackMessage } from '../src/adapters/slack/build-slack-message';
import { SlackOutput, type SlackOutputOptions } from '../src/adapters/slack/slack-output';
import { OutputChannel, type DeliveryOutcome } from '../src/delivery/output-channel';
import { captureLogger } from './support/capture-logger';
import { MemoryDeadLetter } from './support/memory-dead-letter';
import { stopAfterTest } from './support/stop-after-test';
import { metricValue } from './support/metrics';
import { sampleFinding } from './support/sample-findings';

let server: SlackApiServer;

beforeEach(async () => {
  server = await startSlackApiServer();
});

afterEach(async () => {
  await server.close();
});

function createOutput(options: Partial<SlackOutputOptions> = {}): SlackOutput {
  return new SlackOutput({
    name: 'soc-slack',
    token: DEFAULT_SLACK_TEST_TOKEN,
    apiUrl: server.apiUrl,
    channels: {
      default: '#security-alerts',
      byNamespace: { payments: '#payments-security' },
      byPriority: { Critical: '#security-oncall' },
      useOwnerChannel: true,
    },
    ...options,
  });
}

function postCalls(): SlackApiCall[] {
  return server.calls.filter((call) => call.method === 'chat.postMessage');
}

describe('SlackOutput with the Slack client', () => {
  it('posts a finding as Block Kit', async () => {
    const finding = sampleFinding('Terminal shell in container', 'f-post-1');
    const kibanaUrl = 'https://kibana.example/app/discover#/?_a=(query:(query:%27id:"{id}"%27))';

    const result = await createOutput({ kibanaUrl }).send([finding]);

    expect(result).toEqual({ failed: [] });
    const [call] = postCalls();
    const expected = buildSlackMessage(finding, { kibanaUrl });
    expect(call.request.headers.authorization).toBe(`Bearer ${DEFAULT_SLACK_TEST_TOKEN}`);
    expect(call.request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(call.args).toMatchObject({
      channel: '#security-alerts',
      text: expected.text,
      blocks: expected.blocks,
      unfurl_links: 'false',
      unfurl_media: 'false',
      link_names: 'false',
      parse: 'none',
    });
    expect(call.reply).toMatchObject({ ok: true });
    expect(server.messages).toHaveLength(1);
  });

  it('keeps hostile text inert on the wire', async () => {
    const finding = sampleFinding('Terminal shell in container');
    finding.alert.output_fields = {
      ...finding.alert.output_fields,
      'proc.cmdline': 'bash -c "echo <!channel> <https://evil.example|click>"',
    };

    await createOutput().send([finding]);

    const body = postCalls()[0].request.body;
    expect(decodeURIComponent(body.replace(/\+/g, ' '))).not.toMatch(/<!channel>|<https:\/\/evil/);
    expect(JSON.stringify(server.messages[0].blocks)).toContain(
      '&lt;!channel&gt; &lt;https://evil.example|click&gt;',
    );
  });

  it.each([
    ['the owner channel', ownedFinding('#edge-alerts'), '#edge-alerts'],
    ['the namespace channel', inNamespace('payments'), '#payments-security'],
    ['the priority channel', withPriority('Critical'), '#security-oncall'],
    ['the default channel', withPriority('Warning'), '#security-alerts'],
  ])('routes to %s', async (_case, finding, channel) => {
    await createOutput().send([finding]);

    expect(postCalls()[0].args.channel).toBe(channel);
  });

  it('ignores the owner channel when told to', async () => {
    const output = createOutput({
      channels: {
        default: '#security-alerts',
        byNamespace: {},
        byPriority: {},
        useOwnerChannel: false,
      },
    });

    await output.send([ownedFinding('#edge-alerts')]);

    expect(postCalls()[0].args.channel).toBe('#security-alerts');
  });

  it('threads a coalesced summary under the first message', async () => {
    const output = createOutput();
    const first = sampleFinding('Terminal shell in container', 'f-first');
    const summary = { ...first, id: 'f-summary', coalesced: coalesced(41) };

    await output.send([first]);
    await output.send([summary]);

    const [parentCall, replyCall] = postCalls();
    expect(replyCall.args.thread_ts).toBe(parentCall.reply?.ts);
    expect(replyCall.args.channel).toBe(parentCall.reply?.channel);
    expect(server.messages[1].threadTs).toBe(server.messages[0].ts);
    expect(JSON.stringify(replyCall.args.blocks)).toContain('Repeated 41 times');
    expect(replyCall.args.text).toMatch(/^Repeated 41 times: \[Notice\]/);
  });

  it('posts a summary without a known first message as a new message', async () => {
    const summary = { ...sampleFinding('Terminal shell in container'), coalesced: coalesced(5) };

    await createOutput().send([summary]);

    const [call] = postCalls();
    expect(call.args.thread_ts).toBeUndefined();
    expect(call.args.blocks).toEqual(buildSlackMessage(summary).blocks);
  });

  it('starts a new thread when the first message is gone', async () => {
    const { logger, lines } = captureLogger();
    const output = createOutput({ logger });
    const first = sampleFinding('Terminal shell in container', 'f-first');
    await output.send([first]);
    server.failNext('thread_not_found', 1, { method: 'chat.postMessage' });

    const result = await output.send([{ ...first, id: 'f-summary', coalesced: coalesced(3) }]);

    expect(result).toEqual({ failed: [] });
    const calls = postCalls();
    expect(calls).toHaveLength(3);
    expect(calls[1].args.thread_ts).toBe(calls[0].reply?.ts);
    expect(calls[2].args.thread_ts).toBeUndefined();
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        findingId: 'f-summary',
        error: 'thread_not_found',
        msg: 'thread parent no longer exists; posting the summary as a new message',
      }),
    );
  });

  it('names an owner channel Slack cannot find', async () => {
    server.failNext('channel_not_found');

    const result = await createOutput().send([ownedFinding('#retired-team')]);

    expect(result.failed[0]).toMatchObject({
      retryable: false,
      reason:
        'Slack chat.postMessage to the owner\'s channel "#retired-team" failed: channel_not_found (check the channel name or ID, and that the bot can see the channel)',
    });
  });

  it('reports a rate limit as retryable with Retry-After', async () => {
    server.rateLimitNext(7);
    const finding = sampleFinding('Terminal shell in container');

    const result = await createOutput().send([finding]);

    expect(result).toEqual({
      failed: [
        {
          finding,
          retryable: true,
          reason:
            'Slack chat.postMessage to channel "#security-alerts" was rate limited (HTTP 429); retry after 7 s',
        },
      ],
      retryAfterMs: 7000,
      rateLimited: true,
    });
    expect(server.calls).toHaveLength(1);
  });

  it.each([
    ['channel_not_found', 'check the channel name or ID'],
    ['not_in_channel', 'invite the bot to the channel'],
    ['invalid_auth', 'check the bot token'],
    ['invalid_blocks', ''],
  ])('reports %s as not retryable', async (error, hint) => {
    server.failNext(error);

    const result = await createOutput().send([sampleFinding('Terminal shell in container')]);

    expect(result.failed).toHaveLength(1);
    expect(result.failed[0].retryable).toBe(false);
    expect(result.failed[0].reason).toContain(`failed: ${error}`);
    expect(result.failed[0].reason).toContain(hint);
  });

  it.each([
    ['HTTP 503', { status: 503 }, 'failed with HTTP 503'],
    ['a dropped connection', { closeSocket: true } as const, 'failed: '],
    [
      'internal_error',
      { status: 200, body: { ok: false, error: 'internal_error' } },
      'internal_error',
    ],
  ])('reports %s as retryable', async (_case, response, reason) => {
    server.respondNext(response);

    const result = await createOutput().send([sampleFinding('Terminal shell in container')]);

    expect(result.failed[0]).toMatchObject({
      retryable: true,
      reason: expect.stringContaining(reason),
    });
  });

  it('reports ratelimited in the body as rate limited', async () => {
    server.respondNext({ status: 200, body: { ok: false, error: 'ratelimited' } });

    const result = await createOutput().send([sampleFinding('Terminal shell in container')]);

    expect(result.failed[0]).toMatchObject({
      retryable: true,
      reason: expect.stringContaining('ratelimited'),
    });
    expect(result.rateLimited).toBe(true);
  });

  it('times out a slow call', async () => {
    server.respondNext({ status: 200, body: { ok: true, ts: '1.1' }, delayMs: 2000 });

    const started = Date.now();
    const result = await createOutput({ timeoutMs: 100 }).send([
      sampleFinding('Terminal shell in container'),
    ]);

    expect(Date.now() - started).toBeLessThan(1500);
    expect(result.failed[0]).toMatchObject({ retryable: true });
  });
});

describe('SlackOutput failures through an OutputChannel', () => {
  function createChannel(
    output: SlackOutput,
    retry: { initialDelayMs: number; maxDelayMs: number; maxAttempts: number },
  ): {
    deadLetter: MemoryDeadLetter;
    registry: Registry;
    deliver(finding: Finding): Promise<DeliveryOutcome>;
  } {
    const deadLetter = new MemoryDeadLetter();
    const registry = new Registry();
    const channel = new OutputChannel({
      adapter: output,
      deadLetter,
      registry,
      logger: captureLogger().logger,
      lingerMs: 0,
      retry,
      // Close to 1, so each backoff is close to its ceiling and a test can measure it.
      random: () => 0.999,
    });
    stopAfterTest(channel);
    const deliver = (finding: Finding): Promise<DeliveryOutcome> =>
      new Promise((resolve) => channel.enqueue(finding, resolve));
    return { deadLetter, registry, deliver };
  }

  it('waits for Retry-After after a 429, then delivers', async () => {
    server.rateLimitNext(1);
    // Without Retry-After the retry would wait about 60 s and the test would time out.
    const { deliver, registry } = createChannel(createOutput(), {
      initialDelayMs: 60_000,
      maxDelayMs: 60_000,
      maxAttempts: 3,
    });

    const outcome = await deliver(sampleFinding('Terminal shell in container'));

    expect(outcome).toBe('delivered');
    const [limited, accepted] = postCalls();
    const waitedMs = accepted.request.receivedAt - limited.request.receivedAt;
    expect(limited.status).toBe(429);
    expect(waitedMs).toBeGreaterThanOrEqual(950);
    expect(waitedMs).toBeLessThan(5000);
    expect(
      await metricValue(registry, 'talaria_output_retries_total', { output: 'soc-slack' }),
    ).toBe(1);
    expect(server.messages).toHaveLength(1);
  }, 10_000);

  it('retries a 503 with growing backoff, then delivers', async () => {
    server.respondNext({ status: 503 }, 2);
    const { deliver } = createChannel(createOutput(), {
      initialDelayMs: 100,
      maxDelayMs: 1000,
      maxAttempts: 5,
    });

    const outcome = await deliver(sampleFinding('Terminal shell in container'));

    expect(outcome).toBe('delivered');
    const times = postCalls().map((call) => call.request.receivedAt);
    expect(times).toHaveLength(3);
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(90);
    expect(times[2] - times[1]).toBeGreaterThanOrEqual(190);
  });

  it('dead-letters invalid_auth after one attempt', async () => {
    const { deliver, deadLetter, registry } = createChannel(
      createOutput({ token: 'xoxb-revoked' }),
      {
        initialDelayMs: 1,
        maxDelayMs: 5,
        maxAttempts: 5,
      },
    );
    const finding = sampleFinding('Terminal shell in container', 'f-auth');

    const outcome = await deliver(finding);

    expect(outcome).toBe('dead_lettered');
    expect(postCalls()).toHaveLength(1);
    expect(deadLetter.records).toHaveLength(1);
    expect(deadLetter.records[0]).toMatchObject({
      output: 'soc-slack',
      reason: 'not_retryable',
      attempts: 1,
      lastError:
        'Slack chat.postMessage to channel "#security-alerts" failed: invalid_auth (check the bot token in the output\'s token setting)',
    });
    expect(deadLetter.records[0].finding.id).toBe('f-auth');
    expect(
      await metricValue(registry, 'talaria_output_dead_lettered_total', {
        output: 'soc-slack',
        reason: 'not_retryable',
      }),
    ).toBe(1);
  });

  it('dead-letters after the attempts run out', async () => {
    server.respondNext({ status: 500 }, 3);
    const { deliver, deadLetter } = createChannel(createOutput(), {
      initialDelayMs: 1,
      maxDelayMs: 5,
      maxAttempts: 3,
    });

    const outcome = await deliver(sampleFinding('Terminal shell in container'));

    expect(outcome).toBe('dead_lettered');
    expect(postCalls()).toHaveLength(3);
    expect(deadLetter.records[0]).toMatchObject({
      reason: 'retries_exhausted',
      attempts: 3,
      lastError: 'Slack chat.postMessage to channel "#security-alerts" failed with HTTP 500',
    });
  });
});

function coalesced(count: number): Finding['coalesced'] {
  return { count, firstSeen: '2025-03-11T11:05:42.190Z', lastSeen: '2025-03-11T11:15:00.000Z' };
}

function ownedFinding(slackChannel: string): Finding {
  const finding = sampleFinding('Terminal shell in container');
  finding.owner = {
    status: 'known',
    team: 'edge',
    service: 'ingress',
    slackChannel,
    matchedBy: 'namespace label',
  };
  return finding;
}

function inNamespace(namespace: string): Finding {
  const finding = withPriority('Critical');
  finding.workload = { ...finding.workload, namespace };
  return finding;
}

function withPriority(priority: Finding['priority']): Finding {
  return { ...sampleFinding('Terminal shell in container'), priority };
}
