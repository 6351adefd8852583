import { parseRoundOptions } from './command-line';

const DEFAULTS = { alerts: 1000, rounds: 3 };

describe('parseRoundOptions', () => {
  it('takes the defaults', () => {
    expect(parseRoundOptions([], 'usage', DEFAULTS)).toEqual(DEFAULTS);
  });

  it('reads both options', () => {
    expect(parseRoundOptions(['--alerts', '50', '--rounds', '1'], 'usage', DEFAULTS)).toEqual({
      alerts: 50,
      rounds: 1,
    });
  });

  it('rejects a round count of zero', () => {
    expect(() => parseRoundOptions(['--rounds', '0'], 'usage', DEFAULTS)).toThrow(
      '--rounds must be a whole number of at least 1; got 0',
    );
  });

  it('prints the usage for --help', () => {
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(parseRoundOptions(['--help'], 'the usage', DEFAULTS)).toBeUndefined();
      expect(write).toHaveBeenCalledWith('the usage');
    } finally {
      write.mockRestore();
    }
  });
});
