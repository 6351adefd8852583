import { classifyHecResponse } from './hec-response';

const now = Date.parse('2025-01-02T03:04:05Z');
const reply = (body: object): string => JSON.stringify(body);

describe('classifyHecResponse', () => {
  it('accepts code 0', () => {
    expect(
      classifyHecResponse(200, reply({ text: 'Success', code: 0 }), undefined, 3, now),
    ).toEqual({
      kind: 'accepted',
      ackId: undefined,
    });
  });

  it('reads the ackId', () => {
    expect(
      classifyHecResponse(200, reply({ text: 'Success', code: 0, ackId: 12 }), undefined, 3, now),
    ).toEqual({ kind: 'accepted', ackId: 12 });
  });

  it.each([
    [503, { text: 'Server is busy', code: 9 }, 'Splunk HEC HTTP 503 code 9: Server is busy'],
    [
      500,
      { text: 'Internal server error', code: 8 },
      'Splunk HEC HTTP 500 code 8: Internal server error',
    ],
    [
      503,
      { text: 'HEC is unhealthy, queues are full', code: 18 },
      'Splunk HEC HTTP 503 code 18: HEC is unhealthy, queues are full',
    ],
    [
      429,
      { text: 'HEC queue is at capacity', code: 26 },
      'Splunk HEC HTTP 429 code 26: HEC queue is at capacity',
    ],
  ])('retries %i %j', (status, body, reason) => {
    expect(classifyHecResponse(status, reply(body), '3', 3, now)).toEqual({
      kind: 'failed',
      retryable: true,
      reason,
      retryAfterMs: 3000,
      rateLimited: status === 429,
    });
  });

  it('retries a 502 from a proxy without a HEC body', () => {
    expect(classifyHecResponse(502, '<html>Bad Gateway</html>', undefined, 1, now)).toEqual({
      kind: 'failed',
      retryable: true,
      reason: 'Splunk HEC HTTP 502: <html>Bad Gateway</html>',
      retryAfterMs: undefined,
      rateLimited: false,
    });
  });

  it.each([
    [401, { text: 'Token is required', code: 2 }, 'no token was sent'],
    [401, { text: 'Invalid authorization', code: 3 }, 'check the token setting'],
    [403, { text: 'Invalid token', code: 4 }, 'the HEC token is not valid'],
    [403, { text: 'Token disabled', code: 1 }, 'the HEC token is disabled'],
    [400, { text: 'Incorrect index', code: 7 }, "change index or the token's allowed indexes"],
    [400, { text: 'Data channel is missing', code: 10 }, 'set ack: true'],
    [400, { text: 'Invalid data channel', code: 11 }, 'set channel to a GUID'],
    [400, { text: 'ACK is disabled', code: 14 }, 'set ack: false'],
  ])('rejects %i %j with a hint', (status, body, hint) => {
    const verdict = classifyHecResponse(status, reply(body), undefined, 3, now);
    const reason = (verdict as { reason: string }).reason;

    expect(verdict).toMatchObject({ kind: 'failed', retryable: false });
    expect(reason.startsWith(`Splunk HEC HTTP ${status} code ${body.code}: ${body.text} (`)).toBe(
      true,
    );
    expect(reason).toContain(hint);
  });

  it('splits a batch at the invalid event', () => {
    const verdict = classifyHecResponse(
      400,
      reply({ text: 'Invalid data format', code: 6, 'invalid-event-number': 2 }),
      undefined,
      5,
      now,
    );

    expect(verdict).toEqual({
      kind: 'partial',
      invalidEvent: 2,
      reason: 'Splunk HEC HTTP 400 code 6: Invalid data format at event 2',
      restRetryable: true,
    });
  });

  it('does not retry the rest after an index error', () => {
    const verdict = classifyHecResponse(
      400,
      reply({ text: 'Incorrect index', code: 7, 'invalid-event-number': 1 }),
      undefined,
      3,
      now,
    );

    expect(verdict).toMatchObject({ kind: 'partial', invalidEvent: 1, restRetryable: false });
  });

  it('fails the whole batch for an event number outside it', () => {
    const verdict = classifyHecResponse(
      400,
      reply({ text: 'Invalid data format', code: 6, 'invalid-event-number': 9 }),
      undefined,
      3,
      now,
    );

    expect(verdict).toMatchObject({ kind: 'failed', retryable: false });
  });

  it('explains a 413', () => {
    expect(classifyHecResponse(413, 'Content too large', undefined, 100, now)).toEqual({
      kind: 'failed',
      retryable: false,
      reason: 'Splunk HEC HTTP 413: Content too large (the batch is too large; lower batchSize)',
    });
  });

  it('escapes hostile reply text', () => {
    const verdict = classifyHecResponse(
      400,
      reply({ text: 'bad\nline\u001b[2J', code: 6 }),
      undefined,
      1,
      now,
    );

    expect((verdict as { reason: string }).reason).toBe(
      'Splunk HEC HTTP 400 code 6: bad\\nline\\x1b[2J',
    );
  });
});
