import { Controller, Get, Header, HttpCode, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ForwarderRuntime } from '../forwarder-runtime';

/** Liveness and readiness for Kubernetes probes; the only endpoints open without a credential. */
@Controller()
export class HealthController {
  constructor(@Inject(ForwarderRuntime) private readonly runtime: ForwarderRuntime) {}

  @Get('healthz')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  health() {
    return { status: 'ok' };
  }

  @Get('readyz')
  @Header('cache-control', 'no-store')
  ready(@Res() reply: FastifyReply) {
    const spool = this.runtime.spool;
    const body = {
      ready: this.runtime.isReady(),
      draining: this.runtime.isDraining,
      spoolFull: spool.full,
      spool: spool.stats(),
    };
    return reply.code(body.ready ? 200 : 503).send(body);
  }
}
