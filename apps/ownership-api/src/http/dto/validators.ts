import { registerDecorator, type ValidationOptions } from 'class-validator';

/** Kubernetes names of namespaces, workloads and pods: DNS labels and subdomains, at most 253 characters. */
export const KUBERNETES_NAME = /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/;

/** Checks that a value is a flat map of string keys to string values with at most `maxEntries` entries. */
export function IsStringMap(maxEntries: number, options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isStringMap',
      target: target.constructor,
      propertyName,
      options: {
        message: `$property must be an object of at most ${maxEntries} string keys with string values`,
        ...options,
      },
      validator: {
        validate(value: unknown) {
          if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
          const entries = Object.entries(value);
          return (
            entries.length <= maxEntries &&
            entries.every(([, item]) => typeof item === 'string' && item.length <= 1024)
          );
        },
      },
    });
}

/** Checks that a value is a JSON object or array, as scanner and AWS reports are. */
export function IsJsonDocument(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isJsonDocument',
      target: target.constructor,
      propertyName,
      options: {
        message: '$property must be the parsed JSON report: an object or an array',
        ...options,
      },
      validator: {
        validate: (value: unknown) => value !== null && typeof value === 'object',
      },
    });
}
