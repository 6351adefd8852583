import { createHash, randomBytes } from 'node:crypto';

/** Prefix of generated tokens, so secret scanners and readers recognise them. */
const TOKEN_PREFIX = 'tal_';

/** Creates a random bearer token with 256 bits of entropy. */
export function generateToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/**
 * Hashes a token for storage and lookup. A single SHA-256 suffices because
 * tokens are random with 256 bits of entropy, unlike passwords, so there is
 * nothing for a slow hash to protect against guessing.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
