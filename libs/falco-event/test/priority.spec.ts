import { PRIORITIES, type Priority } from '../src/alert-types';
import { FalcoEventError } from '../src/errors';
import {
  describeInvalidPriority,
  isAtLeastPriority,
  parsePriority,
  priorityRank,
} from '../src/priority';

describe('parsePriority', () => {
  it.each([
    ['Emergency', 'Emergency'],
    ['EMERGENCY', 'Emergency'],
    ['alert', 'Alert'],
    ['Critical', 'Critical'],
    ['error', 'Error'],
    ['WARNING', 'Warning'],
    ['Warning', 'Warning'],
    ['notice', 'Notice'],
    ['Informational', 'Informational'],
    ['INFORMATIONAL', 'Informational'],
    ['info', 'Informational'],
    ['INFO', 'Informational'],
    ['warn', 'Warning'],
    ['WARN', 'Warning'],
    ['Info', 'Informational'],
    ['iNfO', 'Informational'],
    ['debug', 'Debug'],
  ])('reads %s as %s', (name, expected) => {
    expect(parsePriority(name)).toBe(expected);
  });

  // Only "info" (as Falco) and "warn" (as syslog-style relays) are aliases.
  it.each(['err', 'crit', 'emerg', 'informative', 'Urgent', '', ' Notice', 'Notice '])(
    'rejects %p',
    (name) => {
      expect(parsePriority(name)).toBeUndefined();
    },
  );
});

describe('priorityRank', () => {
  it('ranks Emergency highest and Debug lowest', () => {
    const ranks = PRIORITIES.map((priority) => priorityRank(priority));

    expect(ranks).toEqual([7, 6, 5, 4, 3, 2, 1, 0]);
  });

  it('throws for a name that is not canonical', () => {
    expect(() => priorityRank('info' as Priority)).toThrow(FalcoEventError);
    expect(() => priorityRank('info' as Priority)).toThrow('parsePriority');
  });
});

describe('isAtLeastPriority', () => {
  it.each([
    ['Critical', 'Warning', true],
    ['Warning', 'Warning', true],
    ['Notice', 'Warning', false],
    ['Debug', 'Debug', true],
    ['Emergency', 'Debug', true],
    ['Debug', 'Informational', false],
  ] as const)('compares %s with minimum %s', (priority, minimum, expected) => {
    expect(isAtLeastPriority(priority, minimum)).toBe(expected);
  });
});

describe('describeInvalidPriority', () => {
  it('names the value and the accepted names', () => {
    expect(describeInvalidPriority('Urgent')).toBe(
      'priority "Urgent" is not a Falco priority; expected one of Emergency, Alert, Critical, Error, Warning (or Warn), Notice, Informational (or Info), Debug',
    );
  });

  it('describes a missing priority', () => {
    expect(describeInvalidPriority(undefined)).toMatch(
      /^priority is missing; expected one of Emergency/,
    );
  });

  it('describes a value that is not a string', () => {
    expect(describeInvalidPriority(4)).toMatch(/^priority 4 is not a Falco priority/);
  });
});
