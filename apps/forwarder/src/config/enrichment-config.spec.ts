import { problemsOf, writeConfig } from '../../test/support/config-files';
import { loadConfig } from './load-config';

describe('enrichment configuration', () => {
  it('is absent by default', () => {
    expect(loadConfig({ env: {} }).enrichment).toBeUndefined();
  });

  it('reads the section from the file', () => {
    const file = writeConfig(
      'enrichment:\n  url: http://ownership-api:2802\n  token: { env: OWNERSHIP_TOKEN }\n  timeoutMs: 150\n  cacheTtlSeconds: 60\n',
    );

    const config = loadConfig({ file, env: { OWNERSHIP_TOKEN: 'read-token' } });

    expect(config.enrichment).toEqual({
      url: 'http://ownership-api:2802',
      token: { env: 'OWNERSHIP_TOKEN' },
      timeoutMs: 150,
      cacheTtlSeconds: 60,
    });
  });

  it('reads the URL and token from the environment', () => {
    const config = loadConfig({
      env: {
        TALARIA_ENRICHMENT__URL: 'http://127.0.0.1:2802',
        TALARIA_ENRICHMENT_TOKEN: 'read-token',
      },
    });

    expect(config.enrichment?.url).toBe('http://127.0.0.1:2802');
    expect(config.enrichment?.token).toEqual({ env: 'TALARIA_ENRICHMENT_TOKEN' });
  });

  it.each([
    [
      'enrichment:\n  url: ownership-api:2802\n  token: { env: OWNERSHIP_TOKEN }\n',
      'enrichment.url: "ownership-api:2802" is not an http(s) URL',
    ],
    ['enrichment:\n  url: http://ownership-api:2802\n', 'enrichment.token: missing or malformed'],
    [
      'enrichment:\n  url: http://ownership-api:2802\n  token: { env: NOT_SET_ANYWHERE }\n',
      'enrichment.token: environment variable NOT_SET_ANYWHERE is not set',
    ],
    [
      'enrichment:\n  url: http://ownership-api:2802\n  token: { env: OWNERSHIP_TOKEN }\n  timeoutMs: 0\n',
      'enrichment.timeoutMs: 0 is out of range; use 1 to 60000 milliseconds',
    ],
    [
      'enrichment:\n  url: http://ownership-api:2802\n  token: { env: OWNERSHIP_TOKEN }\n  timeout: 100\n',
      'enrichment.timeout: unknown key',
    ],
  ])('names the problem in %j', (yaml, expected) => {
    const problems = problemsOf(() =>
      loadConfig({ file: writeConfig(yaml), env: { OWNERSHIP_TOKEN: 'read-token' } }),
    );

    expect(problems.join('\n')).toContain(expected);
  });
});
