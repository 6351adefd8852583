import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Database } from '../database/database';
import { DATABASE } from '../database/database.token';
import { AuditRepository } from '../repositories/audit.repository';
import {
  TokenRepository,
  type StoredToken,
  type TokenScope,
} from '../repositories/token.repository';
import { generateToken, hashToken } from './token-secret';

/** Name under which the admin token from the environment, or the generated one, is stored. */
export const ADMIN_TOKEN_NAME = 'admin';

/** Issues, checks and revokes bearer tokens. */
@Injectable()
export class TokenService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly tokens: TokenRepository,
    private readonly audit: AuditRepository,
  ) {}

  /** Returns the active token that `secret` belongs to, or undefined. */
  authenticate(secret: string): Promise<StoredToken | undefined> {
    return this.tokens.findActiveByHash(this.database, hashToken(secret));
  }

  /**
   * Stores `secret` as the admin token, replacing any earlier one, so the
   * admin token is always the one this process was started with.
   */
  async installAdminToken(secret: string): Promise<void> {
    await this.tokens.put(this.database, ADMIN_TOKEN_NAME, hashToken(secret), ['admin']);
  }

  /** Creates a token and returns its secret, which is shown only this once. */
  async create(
    name: string,
    scopes: TokenScope[],
    actor: string,
  ): Promise<{ name: string; scopes: TokenScope[]; token: string }> {
    const token = generateToken();
    await this.database.transaction(async (tx) => {
      if (await this.tokens.exists(tx, name)) {
        throw new ConflictException(
          `token name ${name} is taken; revoke it first or choose another name`,
        );
      }
      await this.tokens.put(tx, name, hashToken(token), scopes);
      await this.audit.append(tx, [
        { actor, action: 'create', entityType: 'token', entityKey: name, details: { scopes } },
      ]);
    });
    return { name, scopes, token };
  }

  list(): Promise<StoredToken[]> {
    return this.tokens.list(this.database);
  }

  async revoke(name: string, actor: string): Promise<void> {
    await this.database.transaction(async (tx) => {
      if (!(await this.tokens.revoke(tx, name)))
        throw new NotFoundException(`no active token is named ${name}`);
      await this.audit.append(tx, [
        { actor, action: 'revoke', entityType: 'token', entityKey: name },
      ]);
    });
  }
}
