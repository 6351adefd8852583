import { readFileSync } from 'node:fs';
import type { SecretSource } from './forwarder-config';

/** Reads a secret from where its source points; returns a problem sentence when it cannot. */
export function resolveSecret(
  source: SecretSource,
  key: string,
  env: NodeJS.ProcessEnv = process.env,
): { secret: string } | { problem: string } {
  if (typeof source === 'string') {
    return source === '' ? { problem: `${key}: the secret is empty` } : { secret: source };
  }

  if ('env' in source) {
    const value = env[source.env];
    if (!value) {
      return {
        problem: `${key}: environment variable ${source.env} is not set; export it or use { file: PATH }`,
      };
    }
    return { secret: value };
  }

  try {
    const value = readFileSync(source.file, 'utf8').trim();
    return value === ''
      ? { problem: `${key}: secret file ${source.file} is empty` }
      : { secret: value };
  } catch (error) {
    return {
      problem: `${key}: cannot read secret file ${source.file}: ${(error as NodeJS.ErrnoException).code}`,
    };
  }
}

/** True for the three accepted shapes of a secret. */
export function isSecretSource(value: unknown): value is SecretSource {
  if (typeof value === 'string') return true;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;

  const keys = Object.keys(value);
  if (keys.length !== 1) return false;
  const only = (value as Record<string, unknown>)[keys[0]];
  return (keys[0] === 'env' || keys[0] === 'file') && typeof only === 'string' && only !== '';
}
