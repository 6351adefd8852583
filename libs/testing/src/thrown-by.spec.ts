import { thrownBy } from './thrown-by';

class ListError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

describe('thrownBy', () => {
  it('returns an error of the type', () => {
    const error = thrownBy(() => {
      throw new ListError(['port is not a number']);
    }, ListError);

    expect(error.problems).toEqual(['port is not a number']);
  });

  it('throws other errors again', () => {
    const other = new RangeError('out of range');

    expect(() =>
      thrownBy(() => {
        throw other;
      }, ListError),
    ).toThrow(other);
  });

  it('fails when nothing is thrown', () => {
    expect(() => thrownBy(() => undefined, ListError)).toThrow(
      'expected a ListError, but the action threw nothing',
    );
  });
});
