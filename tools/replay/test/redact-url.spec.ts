import { redactUrl } from '../src/redact-url';

describe('redactUrl', () => {
  it.each([
    ['http://127.0.0.1:2801/t/secret-token', 'http://127.0.0.1:2801/t/***'],
    ['http://127.0.0.1:2801/v1/alerts/secret-token', 'http://127.0.0.1:2801/v1/alerts/***'],
    [
      'http://127.0.0.1:2801/?token=secret-token&cluster=prod',
      'http://127.0.0.1:2801/?token=***&cluster=prod',
    ],
    ['https://falco:secret@forwarder.example:8443/', 'https://falco:***@forwarder.example:8443/'],
    ['http://127.0.0.1:2801/', 'http://127.0.0.1:2801/'],
  ])('masks %s', (url, expected) => {
    expect(redactUrl(new URL(url))).toBe(expected);
  });
});
