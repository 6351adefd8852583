import { classifyWebhookResponse } from './webhook-response';

const now = Date.parse('2025-01-02T03:04:05Z');

describe('classifyWebhookResponse', () => {
  it.each([200, 201, 202, 204, 299])('treats %i as delivered', (status) => {
    expect(classifyWebhookResponse(status, undefined, '', now)).toEqual({ delivered: true });
  });

  it.each([408, 425, 429, 500, 502, 503, 504, 599])('retries %i', (status) => {
    const verdict = classifyWebhookResponse(status, undefined, '', now);

    expect(verdict).toEqual({
      delivered: false,
      retryable: true,
      reason: `HTTP ${status}`,
      retryAfterMs: undefined,
      rateLimited: status === 429,
    });
  });

  it.each([400, 401, 403, 404, 409, 410, 413, 422])('rejects %i', (status) => {
    const verdict = classifyWebhookResponse(status, undefined, '', now);

    expect(verdict).toEqual({ delivered: false, retryable: false, reason: `HTTP ${status}` });
  });

  it('reads Retry-After on a retryable status', () => {
    expect(classifyWebhookResponse(503, '7', '', now)).toMatchObject({
      retryable: true,
      retryAfterMs: 7000,
    });
    expect(classifyWebhookResponse(429, 'Thu, 02 Jan 2025 03:04:07 GMT', '', now)).toMatchObject({
      retryAfterMs: 2000,
    });
  });

  it('quotes an escaped excerpt of the body', () => {
    const verdict = classifyWebhookResponse(
      400,
      undefined,
      `  invalid field\n\u001b[31m${'x'.repeat(500)}`,
      now,
    );

    expect(verdict.delivered).toBe(false);
    const reason = (verdict as { reason: string }).reason;
    expect(reason.startsWith('HTTP 400: invalid field\\n\\x1b[31mxxx')).toBe(true);
    expect(reason.endsWith('…')).toBe(true);
    expect(reason.length).toBeLessThan(260);
  });

  it('explains that redirects are not followed', () => {
    expect(classifyWebhookResponse(301, undefined, '', now)).toEqual({
      delivered: false,
      retryable: false,
      reason: 'HTTP 301 (redirects are not followed; set url to the final address)',
    });
  });
});
