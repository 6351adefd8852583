import { FalcoEventError, InvalidAlertError, UnsupportedDecoratorError } from '../src/errors';

describe('FalcoEventError', () => {
  it('sets name, context and cause', () => {
    const cause = new TypeError('low level');
    const error = new FalcoEventError('failed', { context: { id: 'a1' }, cause });

    expect(error.name).toBe('FalcoEventError');
    expect(error.context).toEqual({ id: 'a1' });
    expect(error.cause).toBe(cause);
    expect(error).toBeInstanceOf(Error);
  });

  it('freezes its context', () => {
    expect(Object.isFrozen(new FalcoEventError('failed', { context: { a: 1 } }).context)).toBe(
      true,
    );
  });

  it('names subclasses after themselves', () => {
    expect(new UnsupportedDecoratorError('x').name).toBe('UnsupportedDecoratorError');
  });
});

describe('InvalidAlertError', () => {
  const problems = [
    { path: 'rule', message: 'rule is missing; expected a non-empty string' },
    { path: 'time', message: 'time is missing; expected an RFC 3339 time' },
  ];

  it('carries the problems', () => {
    const error = new InvalidAlertError(problems);

    expect(error.problems).toBe(problems);
    expect(error.context.problems).toBe(problems);
    expect(error).toBeInstanceOf(FalcoEventError);
  });

  it('summarises the first problem and counts the rest', () => {
    expect(new InvalidAlertError(problems).message).toBe(
      'Invalid Falco alert: rule is missing; expected a non-empty string (and 1 more problem)',
    );
  });

  it('keeps the cause', () => {
    const cause = new SyntaxError('bad');

    expect(new InvalidAlertError(problems, { cause }).cause).toBe(cause);
  });
});
