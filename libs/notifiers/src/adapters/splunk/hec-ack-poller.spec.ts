import { captureLogger } from '../../../test/support/capture-logger';
import { DeliveryError } from '../../delivery/delivery-error';
import { HecAckPoller, type AckQuery } from './hec-ack-poller';

describe('HecAckPoller', () => {
  const pollers: HecAckPoller[] = [];

  afterEach(() => {
    for (const poller of pollers.splice(0)) poller.close();
  });

  function createPoller(
    query: AckQuery,
    timeoutMs = 1000,
  ): { poller: HecAckPoller; lines: Array<Record<string, unknown>> } {
    const { logger, lines } = captureLogger();
    const poller = new HecAckPoller({ query, pollIntervalMs: 10, timeoutMs, logger });
    pollers.push(poller);
    return { poller, lines };
  }

  it('asks for every pending id in one query', async () => {
    const queries: number[][] = [];
    const { poller } = createPoller(async (ids) => {
      queries.push(ids);
      return {
        status: 200,
        body: JSON.stringify({ acks: Object.fromEntries(ids.map((id) => [id, true])) }),
      };
    });

    await Promise.all([poller.waitFor(0), poller.waitFor(1), poller.waitFor(2)]);

    expect(queries).toEqual([[0, 1, 2]]);
  });

  it('keeps asking until an id is acknowledged', async () => {
    let calls = 0;
    const { poller } = createPoller(async () => {
      calls += 1;
      return { status: 200, body: JSON.stringify({ acks: { '4': calls >= 3 } }) };
    });

    await poller.waitFor(4);

    expect(calls).toBe(3);
  });

  it('fails an id retryably after the timeout', async () => {
    const { poller } = createPoller(
      async () => ({ status: 200, body: '{"acks":{"7":false}}' }),
      50,
    );

    const error = await poller.waitFor(7).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({
      retryable: true,
      message: 'Splunk did not acknowledge ackId 7 within 50 ms',
    });
  });

  it('fails every id for good when acknowledgement is off', async () => {
    const { poller } = createPoller(async () => ({
      status: 400,
      body: '{"text":"ACK is disabled","code":14}',
    }));

    const error = await poller.waitFor(1).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ retryable: false });
    expect((error as Error).message).toContain('set ack: false');
  });

  it('logs a failed query and asks again', async () => {
    let calls = 0;
    const { poller, lines } = createPoller(async () => {
      calls += 1;
      if (calls === 1)
        throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      if (calls === 2) return { status: 503, body: '{"text":"Server is busy","code":9}' };
      return { status: 200, body: '{"acks":{"3":true}}' };
    });

    await poller.waitFor(3);

    expect(calls).toBe(3);
    expect(lines.map((line) => line.msg)).toEqual([
      'Splunk HEC ack query failed; asking again at the next poll',
      'Splunk HEC ack query was rejected; asking again at the next poll',
    ]);
    expect(lines[0]).toMatchObject({ level: 'warn', ackIds: [3], error: 'connect ECONNREFUSED' });
    expect(lines[1]).toMatchObject({ status: 503 });
  });

  it('fails waiting ids retryably on close', async () => {
    const { poller } = createPoller(async () => ({ status: 200, body: '{"acks":{}}' }));
    const waiting = poller.waitFor(9).catch((caught: unknown) => caught);

    poller.close();

    expect(await waiting).toMatchObject({
      retryable: true,
      message: 'output closed before Splunk acknowledged the request',
    });
    await expect(poller.waitFor(10)).rejects.toMatchObject({ retryable: true });
  });

  it('fails the older request when an id is reused', async () => {
    const { poller } = createPoller(async () => ({ status: 200, body: '{"acks":{"0":true}}' }));
    const older = poller.waitFor(0).catch((caught: unknown) => caught);
    const newer = poller.waitFor(0);

    expect(await older).toMatchObject({
      retryable: true,
      message: 'Splunk reused ackId 0 before acknowledging it',
    });
    await expect(newer).resolves.toBeUndefined();
  });
});
