import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ForwarderRuntime } from '../forwarder-runtime';

/** Prometheus metrics; scrapers authenticate with the metrics token or an ingest token. */
@Controller()
export class MetricsController {
  constructor(@Inject(ForwarderRuntime) private readonly runtime: ForwarderRuntime) {}

  @Get('metrics')
  async metrics(
    @Headers('authorization') authorization: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    if (!this.runtime.credentials.authenticateMetrics(authorization)) {
      this.runtime.ingestMetrics.rejectedRequests.inc({ reason: 'unauthorized' });
      return reply.code(401).header('www-authenticate', 'Bearer').send({
        error: 'authentication required: send Authorization: Bearer with the metrics token',
        reason: 'unauthorized',
      });
    }

    const text = await this.runtime.registry.metrics();
    return reply.header('content-type', this.runtime.registry.contentType).send(text);
  }
}
