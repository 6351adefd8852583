import { parseBenchOptions } from './bench-options';

describe('parseBenchOptions', () => {
  it('fills in the defaults', () => {
    const options = parseBenchOptions([], '/repo');

    expect(options.seconds).toBe(10);
    expect(options.connections).toBe(20);
    expect(options.batchSize).toBe(500);
    expect(options.scenarios).toEqual(['single', 'batched', 'paced']);
    expect(options.pacedConnections).toBe(200);
    expect(options.pacedRate).toBe(2000);
    expect(options.forwarderSettings).toEqual({});
    expect(options.samplesPath).toBe('/repo/samples/falco-events.ndjson');
    expect(options.outputPath).toBe('/repo/tools/bench/results/latest.json');
    expect(options.json).toBe(false);
    expect(options.cpuProfileDirectory).toBeUndefined();
    expect(options.forwarderHeapMiB).toBeUndefined();
  });

  it('reads forwarder settings', () => {
    const options = parseBenchOptions(
      ['--set', 'spool.writeMode=async', '--set', 'spool.fsync=never'],
      '/repo',
    );

    expect(options.forwarderSettings).toEqual({
      'spool.writeMode': 'async',
      'spool.fsync': 'never',
    });
  });

  it('rejects a setting without a key', () => {
    expect(() => parseBenchOptions(['--set', '=async'], '/repo')).toThrow(/KEY=VALUE/);
  });

  it('reads a heap limit for the forwarder', () => {
    const options = parseBenchOptions(['--forwarder-heap', '1024'], '/repo');

    expect(options.forwarderHeapMiB).toBe(1024);
  });

  it('reads the documented flags', () => {
    const options = parseBenchOptions(
      [
        '--seconds',
        '5',
        '--json',
        '--scenarios',
        'batched',
        '--batch-size',
        '200',
        '--rounds',
        '1',
      ],
      '/repo',
    );

    expect(options.seconds).toBe(5);
    expect(options.json).toBe(true);
    expect(options.scenarios).toEqual(['batched']);
    expect(options.batchSize).toBe(200);
    expect(options.rounds).toBe(1);
  });

  it.each([
    ['--seconds', '0'],
    ['--seconds', '2.5'],
    ['--connections', 'many'],
    ['--batch-size', '10001'],
    ['--forwarder-heap', '32'],
    ['--paced-rate', '0'],
    ['--paced-connections', '5001'],
  ])('rejects %s %s', (flag, value) => {
    expect(() => parseBenchOptions([flag, value], '/repo')).toThrow(RangeError);
  });

  it('rejects an unknown scenario', () => {
    expect(() => parseBenchOptions(['--scenarios', 'single,bulk'], '/repo')).toThrow(/bulk/);
  });

  it('rejects an unknown flag', () => {
    expect(() => parseBenchOptions(['--secs', '5'], '/repo')).toThrow();
  });
});
