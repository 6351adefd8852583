import {
  DEFAULT_HEC_TEST_TOKEN,
  startSplunkHecServer,
  type SplunkHecServer,
} from '@talaria/testing';

import { syscallAlert } from './support/alerts';
import {
  counterValue,
  eventually,
  startTestForwarder,
  type TestForwarder,
} from './support/test-forwarder';

const TOKEN_VARIABLE = 'TALARIA_TEST_SPLUNK_HEC_TOKEN';

describe('forwarder with a Splunk HEC output', () => {
  let splunk: SplunkHecServer;
  let forwarder: TestForwarder | undefined;

  beforeEach(async () => {
    splunk = await startSplunkHecServer({ ack: true, indexes: ['security'] });
    process.env[TOKEN_VARIABLE] = DEFAULT_HEC_TEST_TOKEN;
  });

  afterEach(async () => {
    await forwarder?.stop();
    forwarder = undefined;
    await splunk.close();
    delete process.env[TOKEN_VARIABLE];
  });

  async function startWithSplunk(): Promise<TestForwarder> {
    forwarder = await startTestForwarder((config) => {
      config.outputs.push({
        name: 'splunk',
        type: 'splunk',
        url: splunk.url,
        token: { env: TOKEN_VARIABLE },
        index: 'security',
        gzip: true,
        ack: true,
        ackPollIntervalMs: 20,
        lingerMs: 20,
        retry: { initialDelayMs: 10, maxDelayMs: 50 },
      });
    });
    return forwarder;
  }

  it('indexes alerts sent over HTTP with exact times', async () => {
    const running = await startWithSplunk();

    const response = await running.post(
      [
        syscallAlert({ pod: 'payments-api-1' }),
        syscallAlert({ pod: 'payments-api-2', evtTime: '1733318400999999999' }),
      ].join('\n'),
      { 'content-type': 'application/x-ndjson' },
    );

    expect(response.status).toBe(200);
    const events = await splunk.waitForEvents(2, 10_000);
    expect(
      events[0].raw.startsWith(
        '{"time":1733318400.123456789,"host":"node-a-17","source":"talaria","sourcetype":"falco","index":"security","event":{',
      ),
    ).toBe(true);
    expect(events.map((event) => event.raw.includes('"evt.time":1733318400999999999'))).toContain(
      true,
    );
    expect(splunk.requests[0].headers['content-encoding']).toBe('gzip');
    expect(splunk.requests[0].headers.authorization).toBe(`Splunk ${DEFAULT_HEC_TEST_TOKEN}`);

    await eventually(
      async () =>
        counterValue(await running.metricsText(), 'talaria_output_delivered_total', {
          output: 'splunk',
        }) === 2,
      'Splunk deliveries counted after acknowledgement',
    );
    expect(splunk.ackQueries.length).toBeGreaterThanOrEqual(1);
  });

  it('retries while the collector is busy', async () => {
    splunk.busyNext(2);
    const running = await startWithSplunk();

    await running.post(syscallAlert());

    await splunk.waitForEvents(1, 10_000);
    const eventRequests = splunk.requests.filter(
      (request) => request.path === '/services/collector/event',
    );
    expect(eventRequests).toHaveLength(3);
    await eventually(
      async () =>
        counterValue(await running.metricsText(), 'talaria_output_retries_total', {
          output: 'splunk',
        }) === 2,
      'two retries counted',
    );
  });
});
