const SECRET_KEY = /token|secret|password|authorization|api[-_]?key|hmac/i;
/** The password of a URL such as `redis://:password@host:6379`. */
const URL_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^/@:]*:)[^/@]*@/i;

/**
 * Copies a configuration with inline secrets replaced by `[redacted]`.
 * References such as `{ env: NAME }` stay visible, since they tell where the
 * secret comes from without showing it.
 */
export function maskSecrets(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => maskSecrets(item, key));

  if (value !== null && typeof value === 'object') {
    const masked: Record<string, unknown> = {};
    for (const [childKey, child] of Object.entries(value)) {
      const isSecret =
        SECRET_KEY.test(childKey) || (key === 'headers' && typeof child === 'string');
      if (isSecret && typeof child === 'string') masked[childKey] = '[redacted]';
      else if (typeof child === 'string')
        masked[childKey] = child.replace(URL_PASSWORD, '$1[redacted]@');
      else masked[childKey] = maskSecrets(child, childKey);
    }
    return masked;
  }
  return value;
}
