import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { TokenScope } from '../repositories/token.repository';
import { REQUIRED_SCOPE } from './required-scope';
import { TokenService } from './token.service';

/** The request after authentication: the token's name is the actor of every write. */
export type AuthenticatedRequest = FastifyRequest & { actor?: string };

/**
 * Checks the bearer token of every request against the scope its handler
 * declares. A handler that declares none is closed to everyone, so a new
 * endpoint cannot be left open by mistake.
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const required = this.reflector.getAllAndOverride<TokenScope | 'none' | undefined>(
      REQUIRED_SCOPE,
      [context.getHandler(), context.getClass()],
    );
    if (required === 'none') return true;
    if (required === undefined)
      throw new ForbiddenException('this endpoint declares no scope and is closed');

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (match === null) throw new UnauthorizedException('send Authorization: Bearer <token>');

    const token = await this.tokens.authenticate(match[1]);
    if (token === undefined)
      throw new UnauthorizedException('the bearer token is unknown or revoked');
    if (!token.scopes.includes(required) && !token.scopes.includes('admin')) {
      throw new ForbiddenException(
        `token ${token.name} lacks the ${required} scope this endpoint needs`,
      );
    }

    request.actor = token.name;
    return true;
  }
}
