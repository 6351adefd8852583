import type { Queryable } from '../database/database';

export type TokenScope = 'read' | 'write' | 'admin';

export interface StoredToken {
  name: string;
  scopes: TokenScope[];
  createdAt: string;
  revokedAt?: string;
}

interface TokenRow {
  name: string;
  scopes: TokenScope[];
  created_at: Date;
  revoked_at: Date | null;
}

/** Reads and writes `api_tokens`; only SHA-256 hashes of tokens are stored. */
export class TokenRepository {
  async findActiveByHash(db: Queryable, tokenHash: string): Promise<StoredToken | undefined> {
    const rows = await db.query<TokenRow>(
      'SELECT name, scopes, created_at, revoked_at FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL',
      [tokenHash],
    );
    return rows.length === 0 ? undefined : toToken(rows[0]);
  }

  /** Creates the token, or replaces the hash and scopes of one with the same name. */
  async put(db: Queryable, name: string, tokenHash: string, scopes: TokenScope[]): Promise<void> {
    await db.query(
      `INSERT INTO api_tokens (name, token_hash, scopes) VALUES ($1, $2, $3::text[])
       ON CONFLICT (name) DO UPDATE SET token_hash = EXCLUDED.token_hash, scopes = EXCLUDED.scopes,
         created_at = now(), revoked_at = NULL`,
      [name, tokenHash, scopes],
    );
  }

  async exists(db: Queryable, name: string): Promise<boolean> {
    const rows = await db.query('SELECT 1 FROM api_tokens WHERE name = $1', [name]);
    return rows.length > 0;
  }

  async list(db: Queryable): Promise<StoredToken[]> {
    const rows = await db.query<TokenRow>(
      'SELECT name, scopes, created_at, revoked_at FROM api_tokens ORDER BY name',
    );
    return rows.map(toToken);
  }

  async revoke(db: Queryable, name: string): Promise<boolean> {
    const rows = await db.query(
      'UPDATE api_tokens SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL RETURNING name',
      [name],
    );
    return rows.length > 0;
  }
}

function toToken(row: TokenRow): StoredToken {
  const token: StoredToken = {
    name: row.name,
    scopes: row.scopes,
    createdAt: row.created_at.toISOString(),
  };
  if (row.revoked_at !== null) token.revokedAt = row.revoked_at.toISOString();
  return token;
}
