import { describeBusError, redactAmqpCredentials } from './bus-errors';

describe('describeBusError', () => {
  it('reads the error of a failed connection without its URL', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5672'), {
      code: 'ECONNREFUSED',
    });

    const text = describeBusError({ err: refused, url: 'amqp://talaria:hunter2@rabbit:5672' });

    expect(text).toBe('connect ECONNREFUSED 127.0.0.1:5672');
  });

  it('adds the code when the message lacks it', () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

    expect(describeBusError(reset)).toBe('ECONNRESET: socket hang up');
  });

  it('keeps plain strings', () => {
    expect(describeBusError('Error: Connection lost. Trying to reconnect...')).toBe(
      'Error: Connection lost. Trying to reconnect...',
    );
  });

  it('describes unknown values without printing them', () => {
    expect(describeBusError({ url: 'amqp://a:b@c' })).toBe(
      'unknown error from the RabbitMQ client',
    );
  });
});

describe('redactAmqpCredentials', () => {
  it('masks passwords in URLs', () => {
    expect(redactAmqpCredentials('failed amqps://talaria:s3cr%2Ft@rabbit:5671/vhost')).toBe(
      'failed amqps://talaria:[redacted]@rabbit:5671/vhost',
    );
  });
});
