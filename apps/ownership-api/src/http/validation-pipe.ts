import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

/**
 * Validates bodies and queries against their DTOs. Unknown properties are
 * rejected rather than dropped, so a misspelt field is not silently ignored,
 * and each problem names the field path and the value that was sent.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    exceptionFactory: (errors) =>
      new BadRequestException({ error: 'invalid request', problems: describeErrors(errors) }),
  });
}

export function describeErrors(errors: readonly ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const path = prefix === '' ? error.property : `${prefix}.${error.property}`;
    const own = Object.values(error.constraints ?? {}).map(
      (message) => `${message.replace(error.property, path)}; got ${showValue(error.value)}`,
    );
    return [...own, ...describeErrors(error.children ?? [], path)];
  });
}

function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
