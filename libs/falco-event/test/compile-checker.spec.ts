import {
  IsArray,
  IsBoolean,
  IsDefined,
  IsEmail,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Validate,
  ValidateIf,
  ValidateNested,
  ValidatorConstraint,
  validateSync,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { compileChecker } from '../src/checker/compile-checker';
import { UnsupportedDecoratorError } from '../src/errors';

class Choices {
  @IsIn(['red', 'green', 1])
  color!: unknown;

  @IsOptional()
  @Matches(/^[a-z]+-\d+$/g)
  code?: unknown;

  @IsOptional()
  @Matches('^ab', 'i')
  prefix?: unknown;

  @IsDefined()
  @IsBoolean()
  enabled!: unknown;

  @ValidateIf((object: Choices) => object.enabled === true)
  @IsObject()
  settings?: unknown;

  @IsOptional()
  @IsArray()
  @IsString({ each: true, message: '$property must hold strings, not $value' })
  names?: unknown;
}

const VALUES: Record<keyof Choices, unknown[]> = {
  color: ['red', 'green', 1, '1', 'blue', null, undefined, NaN],
  code: ['abc-12', 'abc-12', 'ABC-12', 'abc', '', 5, null, undefined],
  prefix: ['abc', 'ABx', 'xab', 7, undefined],
  enabled: [true, false, new Boolean(true), 'true', 0, null, undefined],
  settings: [{}, [], null, 'x', () => 1, undefined],
  names: [['a'], [], ['a', 2], new Set(['a']), new Set([1]), new Map([['k', 'v']]), 'a', 3, null],
};

function instanceOf(values: Partial<Record<keyof Choices, unknown>>): Choices {
  return Object.assign(new Choices(), values);
}

function failingProperties(problems: { path: string }[] | undefined): string[] {
  return [...new Set((problems ?? []).map((problem) => /^[^.[]+/.exec(problem.path)?.[0]))]
    .filter((property): property is string => property !== undefined)
    .sort();
}

describe('compileChecker', () => {
  const check = compileChecker(Choices);
  const base = { color: 'red', enabled: false };

  const cases = (Object.keys(VALUES) as (keyof Choices)[]).flatMap((property) =>
    VALUES[property].map((value, index) => [property, index, value] as const),
  );

  it.each(cases)('agrees with validateSync when %s is value %#', (property, _index, value) => {
    const instance = instanceOf({ ...base, [property]: value });
    const reference = validateSync(instance)
      .map((error) => error.property)
      .sort();

    // Twice, so that regular expression state between calls would show.
    expect(failingProperties(check(instance))).toEqual(reference);
    expect(failingProperties(check(instance))).toEqual(reference);
  });

  it('reports the first failing item of an each validation', () => {
    const problems = check(instanceOf({ ...base, names: ['a', 'b', 7] }));

    expect(problems).toEqual([{ path: 'names[2]', message: 'names[2] must hold strings, not 7' }]);
  });

  it('reports a missing required value', () => {
    const problems = check(instanceOf({ color: 'red' }));

    expect(problems).toEqual([
      { path: 'enabled', message: 'enabled is missing; expected a value' },
    ]);
  });

  it('rejects input that is not an object', () => {
    expect(check('text')).toEqual([
      { path: '', message: 'alert must be a JSON object; got "text"' },
    ]);
  });

  it('returns undefined for a valid object', () => {
    expect(check(instanceOf(base))).toBeUndefined();
  });
});

@ValidatorConstraint({ name: 'slow', async: true })
class SlowConstraint implements ValidatorConstraintInterface {
  validate(): Promise<boolean> {
    return Promise.resolve(true);
  }
}

class Nested {
  @IsString()
  name!: string;
}

class WithNested {
  @ValidateNested()
  child!: Nested;
}

class WithUnknownValidator {
  @IsEmail()
  email!: string;
}

class WithGroups {
  @IsString({ groups: ['create'] })
  name!: string;
}

class WithAsync {
  @Validate(SlowConstraint)
  name!: string;
}

class WithStickyPattern {
  @Matches(/a/y)
  name!: string;
}

class WithoutDecorators {
  name!: string;
}

describe('compileChecker with unsupported decorators', () => {
  it.each([
    ['nested validation', WithNested, 'nestedValidation'],
    ['an unknown validator', WithUnknownValidator, 'isEmail'],
    ['validation groups', WithGroups, 'groups'],
    ['an async constraint', WithAsync, 'async'],
    ['a sticky pattern', WithStickyPattern, 'sticky'],
    ['no decorators at all', WithoutDecorators, 'no class-validator decorators'],
  ])('throws for %s', (_case, target, expected) => {
    expect(() => compileChecker(target)).toThrow(UnsupportedDecoratorError);
    expect(() => compileChecker(target)).toThrow(expected);
  });

  it('names the class and property in the error', () => {
    expect(() => compileChecker(WithUnknownValidator)).toThrow('WithUnknownValidator.email');
  });
});
