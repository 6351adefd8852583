import { readFileSync } from 'node:fs';

import { describeValue, isPlainObject, type Issues } from './config-readers';
import { OutputConfigError } from './output-config-error';

/** Reference to a secret in an environment variable or a file, such as a mounted Kubernetes secret. */
export type SecretRef = { env: string } | { file: string };

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Reads a `{ env: NAME }` or `{ file: PATH }` reference, recording an issue when it is neither. */
export function readSecretRef(value: unknown, path: string, issues: Issues): SecretRef | undefined {
  const fix =
    'write { env: NAME } or { file: PATH } and keep the secret itself out of the configuration';
  if (typeof value === 'string') {
    issues.push(`${path}: a literal secret is not accepted; ${fix}`);
    return undefined;
  }
  if (!isPlainObject(value) || Object.keys(value).length !== 1) {
    issues.push(`${path}: ${describeValue(value)} is not a secret reference; ${fix}`);
    return undefined;
  }

  if ('env' in value) {
    if (typeof value.env === 'string' && ENV_NAME.test(value.env)) return { env: value.env };
    issues.push(
      `${path}.env: ${describeValue(value.env)} is not an environment variable name; use letters, digits and _`,
    );
    return undefined;
  }
  if ('file' in value) {
    if (typeof value.file === 'string' && value.file !== '') return { file: value.file };
    issues.push(
      `${path}.file: ${describeValue(value.file)} is not a file path; set the path of the secret file`,
    );
    return undefined;
  }
  issues.push(`${path}: ${describeValue(value)} is not a secret reference; ${fix}`);
  return undefined;
}

export interface SecretSources {
  env: NodeJS.ProcessEnv;
  readFile: (path: string) => string;
}

const defaultSources: SecretSources = {
  env: process.env,
  readFile: (path) => readFileSync(path, 'utf8'),
};

/**
 * Reads the secret a reference points to. One trailing line break is removed
 * because secret files usually end with one. Errors name the variable or file,
 * never the secret.
 */
export function resolveSecret(
  ref: SecretRef,
  where: string,
  sources: SecretSources = defaultSources,
): string {
  if ('env' in ref) {
    const value = sources.env[ref.env];
    if (value === undefined || value === '') {
      throw new OutputConfigError([
        `${where}: environment variable ${ref.env} is not set or empty; export it before starting, or use { file: PATH }`,
      ]);
    }
    return value;
  }

  let text: string;
  try {
    text = sources.readFile(ref.file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'read error';
    throw new OutputConfigError([
      `${where}: reading secret file ${ref.file} failed (${code}); check that the file is mounted and readable`,
    ]);
  }
  const value = text.replace(/\r?\n$/, '');
  if (value === '') {
    throw new OutputConfigError([
      `${where}: secret file ${ref.file} is empty; write the secret into it`,
    ]);
  }
  return value;
}
