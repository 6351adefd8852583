import { Writable } from 'node:stream';
import { createLogger } from './logger';
import { redactUrl } from './redact-url';

describe('redactUrl', () => {
  it.each([
    ['/?token=s3cret', '/?token=[redacted]'],
    ['/v1/alerts?api_key=abc&team=blue', '/v1/alerts?api_key=[redacted]&team=blue'],
    ['/v1/alerts?TOKEN=abc', '/v1/alerts?TOKEN=[redacted]'],
    ['/healthz', '/healthz'],
  ])('masks secret query values in %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it('masks listed path segments', () => {
    expect(redactUrl('/t/abc123?x=1', new Set(['abc123']))).toBe('/t/[redacted]?x=1');
  });

  it('keeps malformed percent-encoding as it is', () => {
    expect(redactUrl('/t/%E0%A4%A?token=x')).toBe('/t/%E0%A4%A?token=[redacted]');
  });
});

describe('createLogger', () => {
  it('writes JSON lines with secrets redacted', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ level: 'info', name: 'test', destination });

    logger.info({ token: 'abc', req: { headers: { authorization: 'Bearer xyz' } } }, 'hello');
    const record = JSON.parse(lines[0]);

    expect(record.msg).toBe('hello');
    expect(record.level).toBe('info');
    expect(record.token).toBe('[redacted]');
    expect(record.req.headers.authorization).toBe('[redacted]');
  });
});
