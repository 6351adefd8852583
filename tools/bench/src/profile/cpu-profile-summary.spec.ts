import { areaOf, summariseCpuProfile } from './cpu-profile-summary';

describe('areaOf', () => {
  it.each([
    ['parse', 'file:///work/main/node_modules/fastify/lib/route.js', 'fastify'],
    ['send', '/srv/node_modules/@nestjs/core/router.js', '@nestjs/core'],
    ['x', '/a/node_modules/@nestjs/platform-fastify/node_modules/fastify/f.js', 'fastify'],
    ['append', 'file:///work/main/libs/spool/dist/spool.js', '@talaria/spool'],
    ['onData', 'node:internal/streams/readable', 'node:internal/streams'],
    ['emit', 'node:events', 'node:events'],
    ['(garbage collector)', '', '(garbage collector)'],
    ['JSONParse', '', '(native)'],
  ])('places %s from %s in %s', (functionName, url, area) => {
    expect(areaOf(functionName, url)).toBe(area);
  });
});

describe('summariseCpuProfile', () => {
  const frame = (functionName: string, url: string, lineNumber = 0) => ({
    functionName,
    url,
    lineNumber,
  });

  it('shares busy samples and leaves idle time out', () => {
    const summary = summariseCpuProfile(
      {
        nodes: [
          { id: 1, callFrame: frame('(root)', ''), hitCount: 0 },
          { id: 2, callFrame: frame('(idle)', ''), hitCount: 50 },
          {
            id: 3,
            callFrame: frame('parseAlert', 'file:///w/libs/falco-event/dist/a.js', 9),
            hitCount: 30,
          },
          { id: 4, callFrame: frame('', 'file:///w/node_modules/pino/p.js', 0), hitCount: 10 },
          {
            id: 5,
            callFrame: frame('parseAlert', 'file:///w/libs/falco-event/dist/a.js', 9),
            hitCount: 10,
          },
        ],
      },
      'profile.cpuprofile',
      5,
    );

    expect(summary.idlePercent).toBe(50);
    expect(summary.topFunctions).toEqual([
      { name: 'parseAlert libs/falco-event/dist/a.js:10', percent: 80 },
      { name: '(anonymous) pino/p.js:1', percent: 20 },
    ]);
    expect(summary.topAreas).toEqual([
      { name: '@talaria/falco-event', percent: 80 },
      { name: 'pino', percent: 20 },
    ]);
  });
});
