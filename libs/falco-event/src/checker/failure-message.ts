import type { ValidationArguments } from 'class-validator';

/**
 * Builds the message of a decorator's `message` option the way class-validator
 * 0.15 does: a function is called with the validation arguments, then the
 * tokens $constraint1..n, $value (for strings, numbers and booleans), $property
 * and $target are replaced. Unlike class-validator, a `$&` or `$1` inside the
 * value is kept literally instead of being read as a replacement pattern.
 */
export function failureMessage(
  message: string | ((args: ValidationArguments) => string),
  args: ValidationArguments,
): string {
  let text = typeof message === 'function' ? message(args) : message;

  args.constraints.forEach((constraint, index) => {
    text = text.replace(new RegExp(`\\$constraint${index + 1}`, 'g'), () =>
      constraintText(constraint),
    );
  });

  const value: unknown = args.value;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    text = text.replace(/\$value/g, () => String(value));
  }
  return text
    .replace(/\$property/g, () => args.property)
    .replace(/\$target/g, () => args.targetName);
}

function constraintText(constraint: unknown): string {
  if (Array.isArray(constraint)) return constraint.join(', ');
  if (typeof constraint === 'symbol') return constraint.description ?? '';
  return String(constraint);
}
