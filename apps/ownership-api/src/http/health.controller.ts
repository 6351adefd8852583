import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Database } from '../database/database';
import { DATABASE } from '../database/database.token';
import { Public } from '../auth/required-scope';

/** Liveness and readiness probes, the only endpoints open without a token. */
@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  @Public()
  @Get('healthz')
  @Header('cache-control', 'no-store')
  health() {
    return { status: 'ok' };
  }

  @Public()
  @Get('readyz')
  @Header('cache-control', 'no-store')
  async ready(@Res() reply: FastifyReply) {
    try {
      await this.database.query('SELECT 1');
      return reply.code(200).send({ ready: true, database: this.database.kind });
    } catch {
      return reply.code(503).send({
        ready: false,
        database: this.database.kind,
        reason: 'the database does not answer',
      });
    }
  }
}
