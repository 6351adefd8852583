import { matchIngestTarget } from './ingest-target';

describe('matchIngestTarget', () => {
  it.each([
    ['/', {}],
    ['/v1/alerts', {}],
    ['/?token=abc', { urlToken: 'abc' }],
    ['/v1/alerts?team=blue&token=abc', { urlToken: 'abc' }],
    ['/t/abc', { urlToken: 'abc', rawPathToken: 'abc' }],
    ['/v1/alerts/abc?token=other', { urlToken: 'abc', rawPathToken: 'abc' }],
    ['/t/a%2Bb', { urlToken: 'a+b', rawPathToken: 'a%2Bb' }],
    ['/t/%E0%A4%A', { urlToken: '%E0%A4%A', rawPathToken: '%E0%A4%A' }],
  ])('matches %s', (url, expected) => {
    expect(matchIngestTarget(url)).toEqual(expected);
  });

  it.each(['/healthz', '/metrics', '/t/', '/t/a/b', '/v1/alerts/', '/v1/alertsx', '/v2/alerts'])(
    'leaves %s to the other routes',
    (url) => {
      expect(matchIngestTarget(url)).toBeUndefined();
    },
  );
});
