import { alertTextOf } from '@talaria/falco-event';
import { openSpoolEnvelope, spoolEnvelope } from './spool-envelope';

const ALERT =
  '{"rule":"Terminal shell in container","priority":"Notice","time":"2024-12-04T13:20:00.123456789Z",' +
  '"output_fields":{"evt.time":1733318400123456789,"proc.cmdline":"sh -c \\",\\"alert\\":1\\""}}';

describe('spool envelopes', () => {
  it.each([
    ['plain names', 'prod-eu-1', 'eu-west-1'],
    ['a name that contains the alert key', 'x,"alert":{"rule":"fake"}', 'eu-west-1'],
    ['names ending in a backslash', 'c\\', 'r\\\\'],
  ])('reads back the alert text exactly, with %s', (_case, cluster, region) => {
    const body = spoolEnvelope({ name: 'test', cluster, region }, ALERT);
    const opened = openSpoolEnvelope(body);

    expect(opened.cluster).toBe(cluster);
    expect(opened.region).toBe(region);
    expect(alertTextOf(opened.parsed.alert)).toBe(ALERT);
    expect(opened.parsed.alert.output_fields?.['evt.time']).toBe(1733318400123456789n);
  });

  it('reads other key orders', () => {
    const opened = openSpoolEnvelope(`{"alert":${ALERT},"region":"r","cluster":"c"}`);

    expect(opened.cluster).toBe('c');
    expect(opened.parsed.alert.rule).toBe('Terminal shell in container');
  });

  it.each([
    ['no cluster', `{"region":"r","alert":${ALERT}}`, 'no cluster or region'],
    ['an invalid alert', '{"cluster":"c","region":"r","alert":{"rule":"x"}}', 'invalid alert'],
    ['text that is not JSON', 'not json', ''],
  ])('rejects an entry with %s', (_case, body, message) => {
    expect(() => openSpoolEnvelope(body)).toThrow(message);
  });
});

describe('spool envelopes from several clusters', () => {
  it('stamps each alert with the cluster of its own entry', () => {
    const bodies = ['a', 'b', 'b', 'a'].map((name) =>
      spoolEnvelope({ name: 'test', cluster: `cluster-${name}`, region: `region-${name}` }, ALERT),
    );

    const stamps = bodies.map((body) => openSpoolEnvelope(body));

    expect(stamps.map(({ cluster, region }) => `${cluster}/${region}`)).toEqual([
      'cluster-a/region-a',
      'cluster-b/region-b',
      'cluster-b/region-b',
      'cluster-a/region-a',
    ]);
  });
});
