import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

import {
  DEFAULT_SLACK_TEST_TOKEN,
  startSlackApiServer,
  type SlackApiServer,
} from '@talaria/testing';

import { syscallAlert } from './support/alerts';
import {
  counterValue,
  eventually,
  startTestForwarder,
  type TestForwarder,
} from './support/test-forwarder';

const TOKEN_VARIABLE = 'TALARIA_TEST_SLACK_BOT_TOKEN';

describe('forwarder with a Slack output', () => {
  let slack: SlackApiServer;
  let forwarder: TestForwarder | undefined;

  beforeEach(async () => {
    slack = await startSlackApiServer({ channels: ['#security-alerts', '#payments-security'] });
    process.env[TOKEN_VARIABLE] = DEFAULT_SLACK_TEST_TOKEN;
  });

  afterEach(async () => {
    await forwarder?.stop();
    forwarder = undefined;
    await slack.close();
    delete process.env[TOKEN_VARIABLE];
  });

  async function startWithSlack(retry: Record<string, number> = {}): Promise<TestForwarder> {
    forwarder = await startTestForwarder((config) => {
      config.outputs.push({
        name: 'soc-slack',
        type: 'slack',
        minPriority: 'Notice',
        lingerMs: 1,
        retry: { initialDelayMs: 10, maxDelayMs: 50, ...retry },
        token: { env: TOKEN_VARIABLE },
        apiUrl: slack.apiUrl,
        channels: { default: '#security-alerts', byNamespace: { payments: '#payments-security' } },
        kibanaUrl: 'https://kibana.example/app/discover#/?_a=(query:(query:%27id:"{id}"%27))',
      });
    });
    return forwarder;
  }

  it('posts an alert sent over HTTP to its channel', async () => {
    const running = await startWithSlack();
    const alert = syscallAlert().replace(
      '"proc.cmdline":"bash -il"',
      '"proc.cmdline":"bash -c \\"echo <!channel>\\""',
    );

    const response = await running.post(alert);

    expect(response.status).toBe(200);
    const [call] = await slack.waitForCalls('chat.postMessage', 1, 10_000);
    expect(call.token).toBe(DEFAULT_SLACK_TEST_TOKEN);
    expect(call.args.channel).toBe('#payments-security');
    expect(call.reply).toMatchObject({ ok: true, channel: slack.channelId('#payments-security') });
    const blocks = JSON.stringify(call.args.blocks);
    expect(blocks).toContain(':large_blue_circle: Notice: Terminal shell in container');
    expect(blocks).toContain('*Cluster*\\n`prod-eu-1`');
    expect(blocks).toContain('*evt.time*\\n`1733318400123456789`');
    expect(blocks).toContain('echo &lt;!channel&gt;');
    expect(blocks).not.toContain('<!channel>');

    await eventually(() => running.readOutput().length === 1, 'finding written to the file output');
    const findingId = JSON.parse(running.readOutput()[0]).id as string;
    expect(blocks).toContain(`Finding \`${findingId}\``);
    const sectionTexts = (call.args.blocks as Array<{ text?: { text: string } }>).map(
      (block) => block.text?.text,
    );
    expect(sectionTexts).toContain(
      `<https://kibana.example/app/discover#/?_a=(query:(query:%27id:"${findingId}"%27))|Open the finding in Kibana>`,
    );
    await eventually(
      async () =>
        counterValue(await running.metricsText(), 'talaria_output_delivered_total', {
          output: 'soc-slack',
        }) === 1,
      'Slack delivery counted',
    );
  });

  it('retries a rate-limited post after Retry-After', async () => {
    slack.rateLimitNext(1, 1, 'chat.postMessage');
    const running = await startWithSlack({ initialDelayMs: 30_000, maxDelayMs: 30_000 });

    await running.post(syscallAlert());

    const calls = await slack.waitForCalls('chat.postMessage', 2, 10_000);
    expect(calls[0].status).toBe(429);
    expect(calls[1].reply).toMatchObject({ ok: true });
    expect(calls[1].request.receivedAt - calls[0].request.receivedAt).toBeGreaterThanOrEqual(950);
    expect(slack.messages).toHaveLength(1);
  }, 15_000);

  it('dead-letters a post the channel rejects', async () => {
    slack.failNext('not_in_channel', 1, { method: 'chat.postMessage' });
    const running = await startWithSlack();

    await running.post(syscallAlert());

    const deadLetterPath = join(running.directory, 'dead-letter.ndjson');
    await eventually(
      () => existsSync(deadLetterPath) && readFileSync(deadLetterPath, 'utf8') !== '',
      'dead letter written',
    );
    const record = JSON.parse(readFileSync(deadLetterPath, 'utf8').trim());
    expect(record).toMatchObject({
      output: 'soc-slack',
      reason: 'not_retryable',
      attempts: 1,
      lastError:
        'Slack chat.postMessage to channel "#payments-security" failed: not_in_channel (invite the bot to the channel)',
    });
    expect(
      counterValue(await running.metricsText(), 'talaria_output_dead_lettered_total', {
        output: 'soc-slack',
      }),
    ).toBe(1);
  });
});
