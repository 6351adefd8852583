import { computeWebhookSignature, verifyWebhookSignature } from './webhook-signature';

const secret = 'test-signing-key';
const body = '{"id":"finding-1"}';
const nowMs = Date.parse('2025-01-02T03:04:05Z');
const timestamp = String(Math.floor(nowMs / 1000));

describe('computeWebhookSignature', () => {
  it('matches an independently computed HMAC', () => {
    // Computed with: printf '%s' '1735787045.{"id":"finding-1"}' | openssl dgst -sha256 -hmac test-signing-key
    expect(computeWebhookSignature(secret, timestamp, body)).toBe(
      'sha256=792137c1ce04131a0862ffbf70b30e2bad13e6bc198e5c9c2099c40541057b87',
    );
  });
});

describe('verifyWebhookSignature', () => {
  const signature = computeWebhookSignature(secret, timestamp, body);

  it('accepts a valid signature', () => {
    expect(verifyWebhookSignature({ secret, body, timestamp, signature, nowMs })).toEqual({
      valid: true,
    });
  });

  it('accepts a Buffer body', () => {
    const check = verifyWebhookSignature({
      secret,
      body: Buffer.from(body),
      timestamp,
      signature,
      nowMs,
    });

    expect(check.valid).toBe(true);
  });

  it('rejects a changed body', () => {
    const check = verifyWebhookSignature({ secret, body: `${body} `, timestamp, signature, nowMs });

    expect(check).toEqual({ valid: false, reason: 'signature does not match' });
  });

  it('rejects another secret', () => {
    const check = verifyWebhookSignature({ secret: 'other', body, timestamp, signature, nowMs });

    expect(check.valid).toBe(false);
  });

  it('rejects an old timestamp', () => {
    const check = verifyWebhookSignature({
      secret,
      body,
      timestamp,
      signature,
      nowMs: nowMs + 301_000,
    });

    expect(check).toEqual({ valid: false, reason: 'timestamp is more than 300 s away from now' });
  });

  it('rejects a timestamp from the future', () => {
    const check = verifyWebhookSignature({
      secret,
      body,
      timestamp,
      signature,
      nowMs: nowMs - 61_000,
      maxAgeSeconds: 60,
    });

    expect(check.valid).toBe(false);
  });

  it('rejects missing headers', () => {
    expect(
      verifyWebhookSignature({ secret, body, timestamp: undefined, signature, nowMs }),
    ).toEqual({
      valid: false,
      reason: 'missing X-Talaria-Timestamp header',
    });
    expect(verifyWebhookSignature({ secret, body, timestamp, signature: '', nowMs })).toEqual({
      valid: false,
      reason: 'missing X-Talaria-Signature header',
    });
  });

  it('rejects a malformed timestamp', () => {
    const check = verifyWebhookSignature({ secret, body, timestamp: '1e9', signature, nowMs });

    expect(check).toEqual({
      valid: false,
      reason: 'X-Talaria-Timestamp is not a unix time in seconds',
    });
  });

  it('rejects a truncated signature', () => {
    const check = verifyWebhookSignature({
      secret,
      body,
      timestamp,
      signature: signature.slice(0, 20),
      nowMs,
    });

    expect(check.valid).toBe(false);
  });
});
