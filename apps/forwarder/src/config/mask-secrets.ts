const SECRET_KEY = /token|secret|password|authorization|api[-_]?key|hmac/i;

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
      masked[childKey] =
        isSecret && typeof child === 'string' ? '[redacted]' : maskSecrets(child, childKey);
    }
    return masked;
  }
  return value;
}
