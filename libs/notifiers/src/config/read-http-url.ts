import { describeValue, readString, type Issues, type PlainObject } from './config-readers';

/**
 * Reads an http:// or https:// URL without credentials, recording an issue
 * that names the key, the value and the fix otherwise. A URL with a user name
 * or password is rejected without echoing it, because it contains a credential.
 */
export function readHttpUrl(
  object: PlainObject,
  key: string,
  path: string,
  issues: Issues,
  required: boolean,
): string | undefined {
  const text = readString(object, key, path, issues, required);
  if (text === undefined) return undefined;

  let url: URL;
  try {
    url = new URL(text);
  } catch {
    issues.push(
      `${path}.${key}: ${describeValue(text)} is not a URL; set an http:// or https:// address`,
    );
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    issues.push(
      `${path}.${key}: ${describeValue(text)} is not an http(s) URL; set an http:// or https:// address`,
    );
    return undefined;
  }
  if (url.username !== '' || url.password !== '') {
    issues.push(
      `${path}.${key}: contains a user name or password; remove it and give credentials as { env: NAME } or { file: PATH }`,
    );
    return undefined;
  }
  return text;
}
